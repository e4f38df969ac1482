package dev.arca.fleet.hub;

import static dev.arca.fleet.hub.FleetHubIT.WAIT;
import static dev.arca.fleet.hub.FleetHubIT.awaitBinding;
import static dev.arca.fleet.hub.FleetHubIT.hub;
import static dev.arca.fleet.hub.FleetHubIT.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.arca.fleet.members.MemberCredentials;
import dev.arca.fleet.resources.ClusterPropagationPolicy;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterSpec;
import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.PropagationPolicy;
import dev.arca.fleet.resources.Work;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.SubjectBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two tenants with their own workspaces and real credentials (ServiceAccount tokens bound by
 * {@link WorkspaceAccess}): neither reads the other's member credentials or propagates into the
 * other's clusters, by RBAC on the hub and by the controllers' own rule that a namespaced policy
 * sees only its workspace's members.
 */
class FleetTenantsIT {
    static KubernetesClient alice;
    static KubernetesClient bob;

    @BeforeAll
    static void tenants() throws Exception {
        FleetHubIT.fleet = FleetFixture.shared();
        alice = tenant("tenant-a", "a-eu", FleetHubIT.fleet.eu.kubeconfig());
        bob = tenant("tenant-b", "b-us", FleetHubIT.fleet.us.kubeconfig());
    }

    @AfterAll
    static void close() {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
    }

    @Test
    void neitherTenantReadsTheOthersCredentialsNorWritesIntoTheOthersWorkspace() {
        assertForbidden(() -> alice.secrets().inNamespace("tenant-b").list());
        assertForbidden(() -> alice.secrets().inNamespace("tenant-b").withName("b-us-credentials").get());
        assertForbidden(() -> alice.resources(MemberCluster.class).inNamespace("tenant-b").list());
        assertForbidden(() -> alice.resources(PropagationPolicy.class).inNamespace("tenant-b").resource(policy("tenant-b", "x",
                select("v1", "ConfigMap", "x"))).create());
        assertForbidden(() -> bob.resources(ClusterPropagationPolicy.class).list());
        assertForbidden(() -> bob.resources(Work.class).inNamespace(FleetNames.executionNamespace("tenant-a", "a-eu")).list());
        assertThat(alice.secrets().inNamespace("tenant-a").withName("a-eu-credentials").get()).isNotNull();
    }

    @Test
    void aPolicyNamingTheOtherTenantsClusterPlacesNothingThereAndItsOwnClusterStillWorks() {
        alice.configMaps().inNamespace("tenant-a").resource(new ConfigMapBuilder().withNewMetadata().withName("probe")
                .endMetadata().addToData("who", "alice").build()).create();
        PolicySpec spec = select("v1", "ConfigMap", "probe");
        spec.placement.clusterAffinity = new Placement.ClusterAffinity();
        spec.placement.clusterAffinity.clusterNames = List.of("b-us", "a-eu");
        alice.resource(policy("tenant-a", "grab", spec)).create();

        awaitBinding("tenant-a", "v1", "ConfigMap", "probe", s -> s.aggregate != null && s.aggregate.applied == 1);
        var status = awaitBinding("tenant-a", "v1", "ConfigMap", "probe", s -> true);
        assertThat(status.targets).extracting(t -> t.cluster).containsExactly("tenant-a/a-eu");
        assertThat(FleetHubIT.fleet.eu.client().configMaps().inNamespace("tenant-a").withName("probe").get()).isNotNull();
        assertThat(FleetHubIT.fleet.us.client().configMaps().inNamespace("tenant-a").withName("probe").get())
                .as("bob's cluster never gets alice's object").isNull();
    }

    private static KubernetesClient tenant(String ns, String member, java.nio.file.Path memberKubeconfig) throws Exception {
        KubernetesClient admin = hub();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        admin.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata().withName("tenant")
                .endMetadata().build()).create();
        WorkspaceAccess.grant(admin, ns, new SubjectBuilder().withKind("ServiceAccount").withName("tenant").withNamespace(ns).build());
        admin.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(member + "-credentials")
                .endMetadata().withData(MemberCredentials.seal(Files.readAllBytes(memberKubeconfig), ns, member, FleetFixture.KEY))
                .build()).create();
        MemberCluster m = new MemberCluster();
        m.getMetadata().setNamespace(ns);
        m.getMetadata().setName(member);
        m.setSpec(new MemberClusterSpec());
        m.getSpec().credentials = new MemberClusterSpec.SecretKey(member + "-credentials", "kubeconfig");
        admin.resource(m).create();
        String token = admin.serviceAccounts().inNamespace(ns).withName("tenant").tokenRequest(new TokenRequestBuilder()
                .withNewSpec().withExpirationSeconds(3600L).endSpec().build()).getStatus().getToken();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(admin.getConfiguration().getMasterUrl())
                .withTrustCerts(true).withOauthToken(token).build();
        await().atMost(WAIT).until(() -> {
            try (KubernetesClient c = new KubernetesClientBuilder().withConfig(config).build()) {
                return c.configMaps().inNamespace(ns).list() != null;
            } catch (KubernetesClientException e) {
                return false;
            }
        });
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static PropagationPolicy policy(String ns, String name, PolicySpec spec) {
        PropagationPolicy p = new PropagationPolicy();
        p.getMetadata().setNamespace(ns);
        p.getMetadata().setName(name);
        p.setSpec(spec);
        return p;
    }

    private static void assertForbidden(ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
}

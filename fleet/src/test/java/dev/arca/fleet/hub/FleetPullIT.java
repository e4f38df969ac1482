package dev.arca.fleet.hub;

import static dev.arca.fleet.hub.FleetHubIT.WAIT;
import static dev.arca.fleet.hub.FleetHubIT.awaitBinding;
import static dev.arca.fleet.hub.FleetHubIT.hub;
import static dev.arca.fleet.hub.FleetHubIT.policy;
import static dev.arca.fleet.hub.FleetHubIT.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.arca.fleet.agent.FleetAgent;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterSpec;
import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.Work;
import dev.arca.testkit.kube.LocalControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pull mode on a fourth control plane, {@code edge}, whose credentials the hub is never given: the
 * agent connects out with a token that reaches only edge's execution namespace, applies its Works,
 * reports status and renews its Lease; when it stops, edge becomes Unreachable.
 */
class FleetPullIT {
    /** Its own workspace, so that the other ITs' policies never place on edge (whose agent stops with this class). */
    static final String WORKSPACE = "pull-ws";
    static LocalControlPlane edge;
    static KubernetesClient agentHub;
    static FleetAgent agent;

    @BeforeAll
    static void start() {
        FleetHubIT.fleet = FleetFixture.shared();
        FleetFixture.namespace(hub(), WORKSPACE);
        edge = LocalControlPlane.start();
        MemberCluster m = new MemberCluster();
        m.getMetadata().setNamespace(WORKSPACE);
        m.getMetadata().setName("edge");
        m.setSpec(new MemberClusterSpec());
        m.getSpec().syncMode = MemberClusterSpec.SyncMode.Pull;
        hub().resource(m).create();
        byte[] kubeconfig = AgentAccess.grant(hub(), WORKSPACE, "edge", Duration.ofHours(1));
        agentHub = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(new String(kubeconfig, StandardCharsets.UTF_8)))
                .build();
        agent = FleetAgent.start(agentHub, edge.client(), WORKSPACE, "edge", Duration.ofSeconds(1), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (agentHub != null) {
            agentHub.close();
        }
        if (hub().resources(MemberCluster.class).inNamespace(WORKSPACE).withName("edge").get() != null) {
            hub().resources(MemberCluster.class).inNamespace(WORKSPACE).withName("edge").delete();
        }
        if (edge != null) {
            edge.close();
        }
    }

    @Test
    void theAgentAppliesItsWorkReportsStatusAndRemovesWhatTheHubDeletes() {
        String ns = "pull-" + Long.toHexString(System.nanoTime() & 0xffffff);
        hub().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns)
                .addToLabels(dev.arca.fleet.resources.FleetResources.WORKSPACE_LABEL, WORKSPACE).endMetadata().build()).create();
        hub().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("edge-config")
                .endMetadata().addToData("k", "v").build()).create();
        PolicySpec spec = select("v1", "ConfigMap", "edge-config");
        spec.placement.clusterAffinity = new Placement.ClusterAffinity();
        spec.placement.clusterAffinity.clusterNames = List.of("edge");
        policy(ns, "to-edge", spec);

        await().atMost(WAIT).until(() -> edge.client().configMaps().inNamespace(ns).withName("edge-config").get() != null);
        awaitBinding(ns, "v1", "ConfigMap", "edge-config", s -> s.aggregate != null && s.aggregate.healthy == 1);
        await().atMost(WAIT).until(() -> MemberClusterReconciler.ready(hub().resources(MemberCluster.class)
                .inNamespace(WORKSPACE).withName("edge").get().getStatus()));

        hub().configMaps().inNamespace(ns).withName("edge-config").delete();
        await().atMost(WAIT).until(() -> edge.client().configMaps().inNamespace(ns).withName("edge-config").get() == null);
    }

    @Test
    void theAgentsHubCredentialsReachOnlyItsOwnExecutionNamespace() {
        String own = FleetNames.executionNamespace(WORKSPACE, "edge");
        String other = FleetNames.executionNamespace(FleetFixture.WORKSPACE, "eu");
        assertThat(agentHub.resources(Work.class).inNamespace(own).list().getItems()).isNotNull();
        assertThatThrownBy(() -> agentHub.resources(Work.class).inNamespace(other).list())
                .isInstanceOf(KubernetesClientException.class).satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
        assertThatThrownBy(() -> agentHub.secrets().inNamespace(FleetFixture.WORKSPACE).list())
                .isInstanceOf(KubernetesClientException.class).satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
        assertThatThrownBy(() -> agentHub.secrets().inNamespace(own).list())
                .isInstanceOf(KubernetesClientException.class).satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
}

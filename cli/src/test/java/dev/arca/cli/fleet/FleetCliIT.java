package dev.arca.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.cli.ExitCode;
import dev.arca.fleet.resources.ClusterPropagationPolicy;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.OverridePolicy;
import dev.arca.fleet.resources.PropagationPolicy;
import dev.arca.fleet.resources.ResourceBinding;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code arca fleet status} and {@code arca fleet import kubefed --apply} against a real API server with the fleet's CRDs. */
@ExtendWith(ControlPlaneExtension.class)
class FleetCliIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void installTheFleetCrds(KubernetesClient client) throws Exception {
        for (var kind : FleetResources.kinds()) {
            String file = "/crds/" + io.fabric8.kubernetes.api.model.HasMetadata.getFullResourceName(kind) + "-v1.yml";
            try (InputStream in = FleetCliIT.class.getResourceAsStream(file)) {
                assertThat(in).as(file).isNotNull();
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.resource(crd).fieldManager("fleet-cli-it").forceConflicts().serverSideApply();
                await().atMost(Duration.ofSeconds(30)).until(() -> established(client, crd.getMetadata().getName()));
            }
        }
        if (client.namespaces().withName(FleetResources.SYSTEM_NAMESPACE).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(FleetResources.SYSTEM_NAMESPACE)
                    .endMetadata().build()).create();
        }
    }

    private static boolean established(KubernetesClient client, String name) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    }

    record Run(int code, String out, String err) {
    }

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Creates {@code binding} and writes its status through the status subresource, as the hub does. */
    private static void createWithStatus(KubernetesClient client, ResourceBinding binding) {
        var status = binding.getStatus();
        binding.setStatus(null);
        ResourceBinding created = client.resource(binding).create();
        created.setStatus(status);
        client.resource(created).updateStatus();
    }

    @Test
    void statusPrintsTheMembersTableTheAggregateAndTheRolloutOfABindingWrittenByTheHub(LocalControlPlane cluster,
            KubernetesClient client, TestNamespace ns) {
        createWithStatus(client, FleetStatusTableTest.binding(ns.name()));
        FleetStatusCommand status = new FleetStatusCommand(Clock.fixed(FleetStatusTableTest.NOW, ZoneOffset.UTC));

        Run r = run(status, "--kubeconfig", cluster.kubeconfig().toString(), "deployments.apps/web", "-n", ns.name());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(FleetStatusTableTest.EXPECTED.replace("shop/", ns.name() + "/"));
        Run yaml = run(new FleetStatusCommand(), "--kubeconfig", cluster.kubeconfig().toString(), "Deployment/web", "-n", ns.name(),
                "-o", "yaml");
        assertThat(yaml.code()).as(yaml.toString()).isZero();
        assertThat(yaml.out()).contains("kind: \"ResourceBinding\"", "lastError: \"connection refused\"", "state: \"Halted\"");
    }

    @Test
    void statusOfAClusterScopedObjectReadsItsBindingInTheHubsNamespace(LocalControlPlane cluster, KubernetesClient client) {
        String name = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        ResourceBinding binding = FleetStatusTableTest.binding(FleetResources.SYSTEM_NAMESPACE);
        binding.getMetadata().setName(name);
        binding.getSpec().resource = new dev.arca.fleet.resources.ObjectRef("v1", "Namespace", null, name);
        createWithStatus(client, binding);

        FleetStatusCommand status = new FleetStatusCommand();
        status.env(java.util.Map.of("KUBECONFIG", cluster.kubeconfig().toString()));

        Run r = run(status, "namespace/" + name);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Namespace/" + name + " (binding arca-fleet/" + name).contains("fleet/north");
    }

    @Test
    void statusOfAnObjectNoPolicySelectsExitsOneAndSaysWhereToLook(LocalControlPlane cluster, TestNamespace ns) {
        Run r = run(new FleetStatusCommand(), "--kubeconfig", cluster.kubeconfig().toString(), "Deployment/x", "-n", ns.name());

        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: no fleet binding for Deployment/x in namespace " + ns.name()
                + ": is a PropagationPolicy selecting it? (kubectl get pp -n " + ns.name() + ")");
    }

    @Test
    void importKubefedApplyCreatesTheNamespaceObjectsAndPoliciesOnTheHub(LocalControlPlane cluster, KubernetesClient client)
            throws Exception {
        String ns = "kf-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.writeString(dir.resolve("kubefed.yaml"), """
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedNamespace
                metadata: {name: NS, namespace: NS}
                spec: {placement: {clusterSelector: {matchLabels: {region: eu}}}, template: {}}
                ---
                """.replace("NS", ns) + FleetImportCommandTest.DEPLOYMENT.replace("shop", ns));

        Run r = run(new FleetImportCommand(), "kubefed", "-f", file.toString(), "--apply", "--kubeconfig", cluster.kubeconfig().toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Namespace " + ns + " applied", "ClusterPropagationPolicy " + ns + " applied",
                "Deployment " + ns + "/web applied", "PropagationPolicy " + ns + "/web applied", "OverridePolicy " + ns + "/web applied")
                .doesNotContain("kind:");
        assertThat(client.namespaces().withName(ns).get()).isNotNull();
        Deployment deployment = client.apps().deployments().inNamespace(ns).withName("web").get();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getMetadata().getManagedFields()).anyMatch(f -> f.getManager().equals(FleetResources.FIELD_MANAGER));
        PropagationPolicy pp = client.resources(PropagationPolicy.class).inNamespace(ns).withName("web").get();
        assertThat(pp.getSpec().placement.clusterAffinity.clusterNames).containsExactly("east", "west");
        assertThat(pp.getSpec().resourceSelectors.get(0).kind).isEqualTo("Deployment");
        OverridePolicy op = client.resources(OverridePolicy.class).inNamespace(ns).withName("web").get();
        assertThat(op.getSpec().overrideRules.get(0).overriders.plaintext.get(0).path).isEqualTo("/spec/replicas");
        ClusterPropagationPolicy cpp = client.resources(ClusterPropagationPolicy.class).withName(ns).get();
        assertThat(cpp.getSpec().placement.clusterAffinity.labelSelector.getMatchLabels()).containsEntry("region", "eu");

        Run again = run(new FleetImportCommand(), "kubefed", "-f", file.toString(), "--apply", "--kubeconfig",
                cluster.kubeconfig().toString());
        assertThat(again.code()).as("applying the same import again changes nothing and succeeds: " + again).isZero();
        client.resources(ClusterPropagationPolicy.class).withName(ns).delete();
        client.namespaces().withName(ns).delete();
    }

    @Test
    void importKubefedWithAProblemAppliesNothing(LocalControlPlane cluster, KubernetesClient client, TestNamespace ns)
            throws Exception {
        Path file = Files.writeString(dir.resolve("kubefed.yaml"), FleetImportCommandTest.DEPLOYMENT.replace("shop", ns.name())
                + "---\n" + FleetImportCommandTest.CLUSTER);

        Run r = run(new FleetImportCommand(), "kubefed", "-f", file.toString(), "--apply", "--kubeconfig", cluster.kubeconfig().toString());

        assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("nothing was applied");
        assertThat(client.apps().deployments().inNamespace(ns.name()).withName("web").get()).isNull();
        assertThat(client.resources(PropagationPolicy.class).inNamespace(ns.name()).list().getItems()).isEmpty();
    }
}

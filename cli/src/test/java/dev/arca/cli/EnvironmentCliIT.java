package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca env add} and {@code restore create --env}, on the real API server. */
@ExtendWith(ControlPlaneExtension.class)
class EnvironmentCliIT {
    private static final String COLOR = "teal: \"#0ff\", [x]";
    @TempDir
    Path home;

    private static void app(KubernetesClient client, String ns) {
        client.resource("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, labels: {app: web}}
                spec:
                  containers: [{name: web, image: "registry.prod:5000/shop/web:1.2"}]
                """).inNamespace(ns).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("color", "red").build()).create();
    }

    /** A kubeconfig whose current context is dead, so only the environment's context ("real") reaches the cluster. */
    private Cli arcaWithEnvironment(LocalControlPlane cluster, KubernetesClient client, TestNamespace ns, String qa) throws Exception {
        app(client, ns.name());
        Cli direct = new Cli(home, cluster.kubeconfig());
        assertThat(direct.run("backup", "create", "b1", "--include-namespaces", ns.name(), "--wait").code()).isZero();
        Path file = Files.writeString(home.resolve("qa.yaml"), """
                version: v1
                resourceModifierRules:
                - conditions: {groupResource: configmaps, resourceNameRegex: settings}
                  mergePatches:
                  - patchData: '{"data": {"color": "${color}", "env": "${env}"}}'
                """);
        Cli arca = new Cli(home, Cli.twoContexts(cluster.kubeconfig(), home.resolve("two.kubeconfig")));
        Cli.Result add = arca.run("env", "add", "qa", "--context", "real", "--namespace-mappings", ns.name() + ":" + qa,
                "--image-map", "registry.prod:5000=registry.qa.local", "--resource-modifiers", file.toString(),
                "--param", "color=" + COLOR, "--param", "env=qa");
        assertThat(add.code()).as(add.toString()).isZero();
        return arca;
    }

    @Test
    void restoreWithAnEnvironmentMapsTheNamespaceRewritesImagesAndSubstitutesParameters(LocalControlPlane cluster,
                                                                                        KubernetesClient client, TestNamespace ns)
            throws Exception {
        String qa = ns.name() + "-qa";
        Cli arca = arcaWithEnvironment(cluster, client, ns, qa);
        try {
            Cli.Result r = arca.run("restore", "create", "r1", "--from-backup", "b1", "--env", "qa");

            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
            assertThat(client.pods().inNamespace(qa).withName("web").get().getSpec().getContainers().get(0).getImage())
                    .isEqualTo("registry.qa.local/shop/web:1.2");
            assertThat(client.configMaps().inNamespace(qa).withName("settings").get().getData())
                    .containsEntry("color", COLOR).containsEntry("env", "qa").hasSize(2);
            assertThat(client.configMaps().inNamespace(ns.name()).withName("settings").get().getData()).containsEntry("color", "red");
        } finally {
            client.namespaces().withName(qa).delete();
        }
    }

    @Test
    void anExplicitNamespaceMappingWinsOverTheEnvironments(LocalControlPlane cluster, KubernetesClient client, TestNamespace ns)
            throws Exception {
        String qa = ns.name() + "-qa";
        String other = ns.name() + "-other";
        Cli arca = arcaWithEnvironment(cluster, client, ns, qa);
        try {
            Cli.Result r = arca.run("restore", "create", "r2", "--from-backup", "b1", "--env", "qa",
                    "--namespace-mappings", ns.name() + ":" + other);

            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
            assertThat(client.namespaces().withName(qa).get()).as("the environment's mapping was not used").isNull();
            assertThat(client.pods().inNamespace(other).withName("web").get().getSpec().getContainers().get(0).getImage())
                    .as("the rest of the environment still applies").isEqualTo("registry.qa.local/shop/web:1.2");
            assertThat(client.configMaps().inNamespace(other).withName("settings").get().getData()).containsEntry("color", COLOR);
        } finally {
            client.namespaces().withName(other).delete();
        }
    }

    @Test
    void cloneWithAnEnvironmentTakesItsTargetNamespaceMappersAndModifiers(LocalControlPlane cluster, KubernetesClient client,
                                                                         TestNamespace ns) throws Exception {
        String qa = ns.name() + "-qa";
        Cli arca = arcaWithEnvironment(cluster, client, ns, qa);
        try {
            Cli.Result r = arca.run("clone", "--context", "real", "--namespace", ns.name(), "--env", "qa");

            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
            assertThat(r.out()).contains("clone of " + ns.name() + " into " + qa + " Completed");
            assertThat(client.pods().inNamespace(qa).withName("web").get().getSpec().getContainers().get(0).getImage())
                    .isEqualTo("registry.qa.local/shop/web:1.2");
            assertThat(client.configMaps().inNamespace(qa).withName("settings").get().getData()).containsEntry("color", COLOR);
        } finally {
            client.namespaces().withName(qa).delete();
        }
    }
}

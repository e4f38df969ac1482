package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca restore create} with transform flags, on the real API server. */
@ExtendWith(ControlPlaneExtension.class)
class TransformCliIT {
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
                .addToData("mode", "prod").build()).create();
    }

    @Test
    void aMalformedModifierFileExitsTwoNamingTheFileLineAndRuleAndRestoresNothing(LocalControlPlane cluster,
                                                                               KubernetesClient client, TestNamespace ns)
            throws Exception {
        app(client, ns.name());
        Cli arca = new Cli(home, cluster.kubeconfig());
        assertThat(arca.run("backup", "create", "b1", "--include-namespaces", ns.name(), "--wait").code()).isZero();
        Path file = Files.writeString(home.resolve("modifiers.yaml"), """
                version: v1
                resourceModifierRules:
                - conditions: {groupResource: configmaps}
                  patches: [{operation: remove, path: /data/mode}]
                - conditions:
                    groupResource: pods
                  patches:
                  - operation: replace
                    value: x
                """);
        String copy = ns.name() + "-copy";

        Cli.Result r = arca.run("restore", "create", "r1", "--from-backup", "b1", "--namespace-mappings", ns.name() + ":" + copy,
                "--resource-modifiers", file.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("file " + file + ", rule 2 (line 5)").contains("a path is missing");
        assertThat(client.namespaces().withName(copy).get()).as("nothing restored").isNull();
        assertThat(arca.run("restore", "get").out()).doesNotContain("r1");
    }

    @Test
    void modifiersAndVeleroMappingsFromConfigMapsAreAppliedAndDescribed(LocalControlPlane cluster, KubernetesClient client,
                                                                       TestNamespace ns) {
        app(client, ns.name());
        String config = ns.name() + "-config";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(config).endMetadata().build()).create();
        client.configMaps().inNamespace(config).resource(new ConfigMapBuilder().withNewMetadata().withName("modifiers")
                .endMetadata().addToData("rules.yaml", """
                        version: v1
                        resourceModifierRules:
                        - conditions: {groupResource: configmaps, resourceNameRegex: settings}
                          mergePatches: [{patchData: '{"data":{"mode":"qa"}}'}]
                        - conditions: {groupResource: services}
                          patches: [{operation: remove, path: /spec/type}]
                        """).build()).create();
        client.configMaps().inNamespace(config).resource(new ConfigMapBuilder().withNewMetadata().withName("images")
                .addToLabels("velero.io/plugin-config", "").addToLabels("velero.io/change-image-name", "RestoreItemAction")
                .endMetadata().addToData("case1", "registry.prod:5000,registry.qa.local").build()).create();
        Cli arca = new Cli(home, cluster.kubeconfig());
        assertThat(arca.run("backup", "create", "b1", "--include-namespaces", ns.name(), "--wait").code()).isZero();
        String copy = ns.name() + "-copy";
        try {
            Cli.Result r = arca.run("restore", "create", "r1", "--from-backup", "b1", "--namespace-mappings", ns.name() + ":" + copy,
                    "-n", config, "--resource-modifiers-configmap", "modifiers", "--mapping-configmap", "images");

            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
            assertThat(client.pods().inNamespace(copy).withName("web").get().getSpec().getContainers().get(0).getImage())
                    .isEqualTo("registry.qa.local/shop/web:1.2");
            assertThat(client.configMaps().inNamespace(copy).withName("settings").get().getData()).containsEntry("mode", "qa");
            assertThat(arca.run("restore", "describe", "r1").out())
                    .contains("image map registry.prod:5000=registry.qa.local: matched 1, changed 1")
                    .contains("resource modifier rule 1 (configmaps): matched 1, changed 1")
                    .contains("resource modifier rule 2 (services) matched no item; check its conditions");
        } finally {
            client.namespaces().withName(copy).delete();
            client.namespaces().withName(config).delete();
        }
    }
}

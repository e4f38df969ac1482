package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.controller.ArcaServer;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.Crds;
import dev.arca.server.resources.LocationProvider;
import dev.arca.server.resources.Restore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arca restore create --server} with transforms: the Restore resource carries the maps and
 * the modifier ConfigMap's name, and the server (in the test JVM, on the real control plane)
 * applies them; a bad rule fails the Restore with the rule and line named, nothing restored.
 */
@ExtendWith(ControlPlaneExtension.class)
class TransformServerIT {
    @TempDir
    Path dir;

    @Test
    void theServerAppliesTheTransformsTheRestoreResourceNames(LocalControlPlane cluster, KubernetesClient client, TestNamespace ns)
            throws Exception {
        Crds.apply(client, "arca-test", Duration.ofSeconds(60));
        client.resource("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec: {containers: [{name: web, image: "registry.prod:5000/shop/web:1.2"}]}
                """).inNamespace(ns.name()).create();
        client.resource("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: uploads}
                spec: {accessModes: [ReadWriteOnce], storageClassName: standard, resources: {requests: {storage: 1Gi}}}
                """).inNamespace(ns.name()).create();
        try (ArcaServer server = ArcaServer.start(client, ArcaServer.Options.defaults(ns.name(), "transform-test", dir.resolve("state"))
                .withoutLeaderElection())) {
            location(client, ns.name());
            Cli arca = new Cli(dir.resolve("home"), cluster.kubeconfig());
            assertThat(arca.run("backup", "create", "app", "--server", "-n", ns.name(), "--include-namespaces", ns.name()).code())
                    .isEqualTo(ExitCode.OK);
            modifiers(client, ns.name(), "labels", "- conditions: {groupResource: pods}\n"
                    + "  mergePatches: [{patchData: '{\"metadata\":{\"labels\":{\"env\":\"qa\"}}}'}]\n");
            modifiers(client, ns.name(), "broken", "- conditions: {groupResource: pods, resourceNameRegex: '(('}\n"
                    + "  patches: [{operation: remove, path: /spec}]\n");
            String qa = ns.name() + "-qa";
            String bad = ns.name() + "-bad";
            try {
                Cli.Result r = arca.run("restore", "create", "to-qa", "--from-backup", "app", "--server", "-n", ns.name(),
                        "--namespace-mappings", ns.name() + ":" + qa, "--storage-class-map", "standard=fast",
                        "--image-map", "registry:replace:registry.qa.local", "--resource-modifiers-configmap", "labels");

                assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
                Restore made = client.resources(Restore.class).inNamespace(ns.name()).withName("to-qa").get();
                assertThat(made.getSpec().getStorageClassMap()).containsEntry("standard", "fast");
                assertThat(made.getSpec().getResourceModifierConfigMap()).isEqualTo("labels");
                var pod = client.pods().inNamespace(qa).withName("web").get();
                assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("registry.qa.local/shop/web:1.2");
                assertThat(pod.getMetadata().getLabels()).containsEntry("env", "qa");
                assertThat(client.persistentVolumeClaims().inNamespace(qa).withName("uploads").get().getSpec().getStorageClassName())
                        .isEqualTo("fast");

                Cli.Result broken = arca.run("restore", "create", "broken", "--from-backup", "app", "--server", "-n", ns.name(),
                        "--namespace-mappings", ns.name() + ":" + bad, "--resource-modifiers-configmap", "broken");
                assertThat(broken.code()).as(broken.toString()).isEqualTo(ExitCode.FAILED);
                assertThat(broken.out()).contains("restore \"broken\" Failed")
                        .contains("ConfigMap " + ns.name() + "/broken key rules.yaml, rule 1 (line 3)").contains("does not compile");
                assertThat(client.namespaces().withName(bad).get()).as("nothing restored").isNull();

                Path file = Files.writeString(dir.resolve("m.yaml"), "version: v1\n");
                Cli.Result local = arca.run("restore", "create", "local", "--from-backup", "app", "--server", "-n", ns.name(),
                        "--resource-modifiers", file.toString());
                assertThat(local.code()).isEqualTo(ExitCode.INVALID_INPUT);
                assertThat(local.err()).contains("is a local file the server cannot read");
            } finally {
                client.namespaces().withName(qa).delete();
            }
        }
    }

    private static void modifiers(KubernetesClient client, String ns, String name, String rules) {
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .addToData("rules.yaml", "version: v1\nresourceModifierRules:\n" + rules).build()).create();
    }

    private void location(KubernetesClient client, String ns) {
        BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
        spec.setProvider(LocationProvider.filesystem);
        spec.setPath(dir.resolve("loc").toString());
        spec.setDefaultLocation(true);
        BackupLocation location = new BackupLocation();
        location.setMetadata(new ObjectMetaBuilder().withName("main").withNamespace(ns).build());
        location.setSpec(spec);
        client.resource(location).create();
    }
}

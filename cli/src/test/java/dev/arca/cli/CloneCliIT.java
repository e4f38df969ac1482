package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.kube.VolumeWorkload;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca clone} without data, on the control plane: the copy never gets the source's PV, and --keep-backup keeps the backup. */
@ExtendWith(ControlPlaneExtension.class)
class CloneCliIT {
    @TempDir
    Path home;

    @Test
    void aCloneWithoutDataLeavesTheSourcesVolumeToTheSourceAndKeepsItsBackupWhenAsked(LocalControlPlane cluster,
            KubernetesClient client, TestNamespace ns) throws Exception {
        String copy = ns.name() + "-copy";
        Path data = Files.createDirectories(home.resolve("pv-data"));
        Files.writeString(data.resolve("file.txt"), "source data\n");
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().addToData("mode", "qa").build()).create();
        VolumeWorkload.deploy(client, ns.name(), data, Map.of("backup.arca.dev/volumes", "pgdata"));
        Files.writeString(home.resolve("passphrase"), "clone passphrase\n");
        Cli arca = new Cli(home, cluster.kubeconfig());
        assertThat(arca.run("location", "add", "loc", "--dir", home.resolve("location").toString(), "--passphrase-file",
                home.resolve("passphrase").toString(), "--default").code()).isZero();
        try {
            Cli.Result itself = arca.run("clone", "--namespace", ns.name(), "--to", ns.name());
            assertThat(itself.code()).as(itself.toString()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(itself.err()).contains("into itself in the same cluster");

            Cli.Result cloned = arca.run("clone", "--namespace", ns.name(), "--to", copy, "--keep-backup");
            assertThat(cloned.code()).as(cloned.toString()).isZero();
            assertThat(cloned.out()).contains("kept in location \"loc\": kept as asked (--keep-backup)");
            assertThat(arca.run("backup", "get").out()).contains("clone-" + ns.name());

            assertThat(client.configMaps().inNamespace(copy).withName("settings").get().getData()).containsEntry("mode", "qa");
            assertThat(client.persistentVolumeClaims().inNamespace(copy).withName("data").get()).isNotNull();
            assertThat(client.persistentVolumes().withName(VolumeWorkload.pvName(ns.name())).get().getSpec().getClaimRef()
                    .getNamespace()).as("the source's PV stays the source's").isEqualTo(ns.name());
            assertThat(client.persistentVolumes().withName(VolumeWorkload.pvName(ns.name()) + "-" + copy).get())
                    .as("no data asked for: no new PV").isNull();
            assertThat(Files.exists(Path.of(data + "-" + copy))).as("no copy of the files").isFalse();
            assertThat(Files.readString(data.resolve("file.txt"))).isEqualTo("source data\n");
        } finally {
            client.namespaces().withName(copy).delete();
            await().atMost(Duration.ofSeconds(120)).until(() -> client.namespaces().withName(copy).get() == null);
            VolumeWorkload.destroy(client, ns.name());
        }
    }
}

package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.testkit.ServerSupport;
import dev.arca.testkit.files.FileTrees;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.kube.VolumeWorkload;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Volume data through the CLI, on an encrypted location: a backup killed with SIGKILL, rerun, verified, restored, pruned. */
@ExtendWith(ControlPlaneExtension.class)
class VolumeCliIT {
    @TempDir
    Path home;

    @Test
    void aBackupKilledMidwayLeavesAValidRepositoryAndTheRerunReusesWhatWasStored(LocalControlPlane cluster, KubernetesClient client,
                                                                                 TestNamespace ns) throws Exception {
        Path data = home.resolve("pv-data");
        FileTrees.populate(data, 200, 11);
        Random random = new Random(5);
        for (int i = 0; i < 6; i++) {
            byte[] big = new byte[48 << 20];
            random.nextBytes(big);
            Files.write(data.resolve("big-" + i + ".bin"), big);
        }
        Map<String, String> before = FileTrees.describe(data);
        VolumeWorkload.deploy(client, ns.name(), data, Map.of("backup.arca.dev/volumes", "pgdata"));
        Path location = home.resolve("location");
        Path passphrase = home.resolve("passphrase");
        Files.writeString(passphrase, "volume passphrase\n");
        Cli arca = new Cli(home, cluster.kubeconfig());
        assertThat(arca.run("location", "add", "vol", "--dir", location.toString(), "--passphrase-file", passphrase.toString(),
                "--default").code()).isZero();

        ProcessBuilder child = new ProcessBuilder(javaCommand("backup", "create", "first", "--include-namespaces", ns.name()))
                .redirectErrorStream(true).redirectOutput(home.resolve("killed.log").toFile());
        child.environment().put("ARCA_HOME", home.toString());
        child.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
        Process killed = child.start();
        killed.getOutputStream().close();
        Process environment = killed;
        await().atMost(Duration.ofSeconds(120)).until(() -> !environment.isAlive() || count(location, "repository/index") >= 2);
        assertThat(killed.isAlive()).as("still backing up when killed; log: %s", Files.readString(home.resolve("killed.log"))).isTrue();
        killed.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no finally
        long indexed = count(location, "repository/index"); // a pack is durable once its index is written
        assertThat(arca.run("backup", "get").out()).doesNotContain("first");

        Cli.Result second = arca.run("backup", "create", "second", "--include-namespaces", ns.name());
        assertThat(second.code()).as(second.toString()).isZero();
        Cli.Result described = arca.run("backup", "describe", "second", "--details");
        assertThat(described.out()).contains(ns.name() + "/data: BackedUp").contains("dedup ratio").contains("files:    208 (");
        Cli.Result json = arca.run("backup", "describe", "second", "--details", "-o", "json");
        long bytesNew = Long.parseLong(json.out().replaceAll("(?s).*\"bytesNew\"\\s*:\\s*(\\d+).*", "$1"));
        // a directory location's packs are 8 MiB: one closes when the next chunk (at most 4 MiB) would pass that
        assertThat(bytesNew).as("%d indexed packs (at least 4 MiB each) survived the kill and were not uploaded again", indexed)
                .isLessThan(FileTrees.size(data) - indexed * (3L << 20));

        Cli.Result verified = arca.run("repo", "verify", "--read-data", "100%");
        assertThat(verified.code()).as(verified.toString()).isZero();
        assertThat(verified.out()).contains("no data is missing or altered");

        VolumeWorkload.destroy(client, ns.name());
        ServerSupport.deleteTree(data);
        assertThat(data).doesNotExist();
        Cli.Result restored = arca.run("restore", "create", "--from-backup", "second");
        assertThat(restored.code()).as(restored.toString()).isZero();
        assertThat(restored.out()).contains(ns.name() + "/data: Restored");
        assertThat(FileTrees.describe(data)).isEqualTo(before);

        Cli.Result deleted = arca.run("backup", "delete", "second", "--confirm");
        assertThat(deleted.code()).as(deleted.toString()).isZero();
        assertThat(arca.run("repo", "snapshots").out()).doesNotContain("second");
        Cli.Result maintained = arca.run("repo", "maintain", "--safety-delay", "0s");
        assertThat(maintained.code()).as(maintained.toString()).isZero();
        assertThat(count(location, "repository/packs")).as("nothing refers to the data any more").isZero();
        client.persistentVolumes().withName("pv-" + ns.name()).delete();
    }

    private List<String> javaCommand(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), ArcaCommand.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static long count(Path location, String dir) throws Exception {
        Path under = location.resolve(dir);
        if (!Files.isDirectory(under)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(under)) {
            return walk.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")).count();
        }
    }
}

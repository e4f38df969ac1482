package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.kube.VolumeWorkload;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ControlPlaneExtension.class)
class BackupVerifyVolumesCliIT {
    @TempDir
    Path home;

    @Test
    void backupVerifyReadsBackEveryChunkOfTheBackupsVolumesAndNamesTheVolumeWhoseDataWasAltered(
            LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) throws Exception {
        Path data = home.resolve("pv-data");
        Files.createDirectories(data);
        byte[] random = new byte[3 << 20];
        new Random(7).nextBytes(random);
        Files.write(data.resolve("table.bin"), random);
        Files.writeString(data.resolve("notes.txt"), "rows\n");
        VolumeWorkload.deploy(client, ns.name(), data, Map.of("backup.arca.dev/volumes", "pgdata"));
        Path location = home.resolve("location");
        Path passphrase = home.resolve("passphrase");
        Files.writeString(passphrase, "verify passphrase\n");
        Cli arca = new Cli(home, cluster.kubeconfig());
        assertThat(arca.run("location", "add", "vol", "--dir", location.toString(), "--passphrase-file", passphrase.toString(),
                "--default").code()).isZero();
        Cli.Result backup = arca.run("backup", "create", "b", "--include-namespaces", ns.name());
        assertThat(backup.code()).as(backup.toString()).isZero();

        Cli.Result good = arca.run("backup", "verify", "b");
        assertThat(good.code()).as(good.toString()).isZero();
        assertThat(good.out()).containsPattern("volume " + ns.name() + "/data \\(snapshot \\S+\\): [1-9]\\d* chunks read back, all authentic");

        Path pack;
        try (Stream<Path> packs = Files.walk(location.resolve("repository/packs"))) {
            pack = packs.filter(Files::isRegularFile).max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(pack.toFile(), "rw")) {
            long middle = file.length() / 2; // inside the 3 MiB file's chunks, the bulk of the largest pack
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0x01);
        }

        Cli.Result bad = arca.run("backup", "verify", "b");
        assertThat(bad.code()).as(bad.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(bad.err()).as(bad.toString()).contains("backup \"b\": the data of volume " + ns.name() + "/data (snapshot ")
                .contains("cannot be restored whole").doesNotContain("verify passphrase");
    }
}

package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.testkit.ServerSupport;
import dev.arca.testkit.files.FileTrees;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.kube.VolumeWorkload;
import dev.arca.testkit.s3.S3Server;
import dev.arca.testkit.s3.S3ServerExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented disaster-recovery setup: the recovering side names the backups' location
 * ReadOnly, and a restore with volume data works without writing a byte into it; the restore's
 * record and log go to $ARCA_HOME/restore-records/LOCATION.
 */
@ExtendWith({ControlPlaneExtension.class, S3ServerExtension.class})
class ReadOnlyRestoreIT {
    @TempDir
    Path tmp;

    @Test
    void aReadOnlyDirectoryLocationRestoresVolumeDataAndIsNotWritten(LocalControlPlane cluster, KubernetesClient client,
                                                                     TestNamespace ns) throws Exception {
        Path dir = tmp.resolve("location");
        restoreThroughReadOnly(cluster, client, ns, List.of("--dir", dir.toString()), () -> listing(dir));
    }

    @Test
    void aReadOnlyS3LocationRestoresVolumeDataAndIsNotWritten(LocalControlPlane cluster, KubernetesClient client,
                                                              TestNamespace ns, S3Server s3) throws Exception {
        String bucket = s3.createUniqueBucket("ro");
        Path credentials = tmp.resolve("aws");
        Files.writeString(credentials, "[default]\naws_access_key_id = " + s3.accessKey() + "\naws_secret_access_key = "
                + s3.secretKey() + "\n");
        Path bucketDir = s3.basedir().resolve(bucket);
        restoreThroughReadOnly(cluster, client, ns, List.of("--s3", "--bucket", bucket, "--endpoint", s3.endpoint(),
                "--credentials-file", credentials.toString()), () -> listing(bucketDir));
    }

    private interface Listing {
        List<String> keys() throws Exception;
    }

    private void restoreThroughReadOnly(LocalControlPlane cluster, KubernetesClient client, TestNamespace ns, List<String> where,
                                        Listing location) throws Exception {
        Path data = tmp.resolve("pv-data");
        FileTrees.populate(data, 40, 3);
        Map<String, String> before = FileTrees.describe(data);
        VolumeWorkload.deploy(client, ns.name(), data, Map.of("backup.arca.dev/volumes", "pgdata"));
        Path passphrase = tmp.resolve("passphrase");
        Files.writeString(passphrase, "read only passphrase\n");

        Cli writer = new Cli(tmp.resolve("home-rw"), cluster.kubeconfig());
        assertThat(writer.run(add("loc", where, passphrase)).code()).isZero();
        Cli.Result backup = writer.run("backup", "create", "dr-1", "--include-namespaces", ns.name());
        assertThat(backup.code()).as(backup.toString()).isZero();
        List<String> keysBefore = location.keys();

        Path readerHome = tmp.resolve("home-ro");
        Cli reader = new Cli(readerHome, cluster.kubeconfig());
        List<String> readOnly = new ArrayList<>(List.of(add("loc", where, passphrase)));
        readOnly.addAll(List.of("--access-mode", "ReadOnly"));
        Cli.Result added = reader.run(readOnly.toArray(String[]::new));
        assertThat(added.code()).as(added.toString()).isZero();
        VolumeWorkload.destroy(client, ns.name());
        ServerSupport.deleteTree(data);

        Cli.Result restored = reader.run("restore", "create", "back", "--from-backup", "dr-1");

        assertThat(restored.code()).as(restored.toString()).isZero();
        assertThat(restored.out()).contains(ns.name() + "/data: Restored");
        assertThat(FileTrees.describe(data)).isEqualTo(before);
        assertThat(location.keys()).as("nothing written into the ReadOnly location").isEqualTo(keysBefore);
        assertThat(reader.run("restore", "get").out()).containsPattern("back\\s+dr-1\\s+Completed");
        assertThat(reader.run("restore", "describe", "back", "--details").out()).contains("Completed");
        assertThat(reader.run("restore", "logs", "back").out()).contains("persistentvolumeclaims").contains("created");
        assertThat(readerHome.resolve("restore-records/loc/restores/back/restore.json")).exists();
        client.persistentVolumes().withName(VolumeWorkload.pvName(ns.name())).delete();
    }

    private static String[] add(String name, List<String> where, Path passphrase) {
        List<String> args = new ArrayList<>(List.of("location", "add", name));
        args.addAll(where);
        args.addAll(List.of("--passphrase-file", passphrase.toString()));
        return args.toArray(String[]::new);
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p) + " " + p.toFile().length()).sorted().toList();
        }
    }
}

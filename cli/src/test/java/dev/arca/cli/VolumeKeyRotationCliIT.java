package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.repository.content.RepositoryKeys;
import dev.arca.storage.crypto.EncryptedObjectStore;
import dev.arca.storage.crypto.KeyFile;
import dev.arca.storage.crypto.LocationKeys;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.ServerSupport;
import dev.arca.testkit.files.FileTrees;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.kube.VolumeWorkload;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code location rotate-key} on a location with volume data: backups from before and after the
 * rotation restore, verify, and the old passphrase with the old key file cannot open the
 * repository key that seals what came after.
 */
@ExtendWith(ControlPlaneExtension.class)
class VolumeKeyRotationCliIT {
    @TempDir
    Path home;

    @Test
    void volumeBackupsFromBeforeAndAfterARotationBothRestoreAndTheOldKeyOpensNothingNew(
            LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) throws Exception {
        Path data = home.resolve("pv-data");
        FileTrees.populate(data, 40, 21);
        Map<String, String> beforeTree = FileTrees.describe(data);
        VolumeWorkload.deploy(client, ns.name(), data, Map.of("backup.arca.dev/volumes", "pgdata"));
        Path location = home.resolve("location");
        Path passphrase = home.resolve("passphrase");
        Files.writeString(passphrase, "the old passphrase\n");
        Cli arca = new Cli(home, cluster.kubeconfig());
        assertThat(arca.run("location", "add", "vol", "--dir", location.toString(), "--passphrase-file", passphrase.toString(),
                "--default").code()).isZero();
        Cli.Result before = arca.run("backup", "create", "before", "--include-namespaces", ns.name());
        assertThat(before.code()).as(before.toString()).isZero();
        byte[] oldKeyFile = Files.readAllBytes(location.resolve(KeyFile.KEY)); // what the old holder kept

        Path next = home.resolve("passphrase-2");
        Files.writeString(next, "the new passphrase\n");
        Cli.Result rotated = arca.run("location", "rotate-key", "vol", "--new-passphrase-file", next.toString());
        assertThat(rotated.code()).as(rotated.toString()).isZero();
        assertThat(rotated.out()).contains("volume repository key generation 2 started");

        byte[] secret = new byte[200_000];
        new Random(3).nextBytes(secret);
        Files.write(data.resolve("after-rotation.bin"), secret);
        Map<String, String> afterTree = FileTrees.describe(data);
        Cli.Result after = arca.run("backup", "create", "after", "--include-namespaces", ns.name());
        assertThat(after.code()).as(after.toString()).isZero();
        Cli.Result verified = arca.run("repo", "verify", "--read-data", "100%");
        assertThat(verified.code()).as(verified.toString()).isZero();
        assertThat(verified.out()).contains("no data is missing or altered");

        assertOldHolderCannotOpenTheNewGeneration(location, oldKeyFile);

        for (Map.Entry<String, Map<String, String>> backup : Map.of("before", beforeTree, "after", afterTree).entrySet()) {
            VolumeWorkload.destroy(client, ns.name());
            ServerSupport.deleteTree(data);
            Cli.Result restored = arca.run("restore", "create", "--from-backup", backup.getKey());
            assertThat(restored.code()).as(restored.toString()).isZero();
            assertThat(restored.out()).contains(ns.name() + "/data: Restored");
            assertThat(FileTrees.describe(data)).as(backup.getKey()).isEqualTo(backup.getValue());
        }
        VolumeWorkload.destroy(client, ns.name());
    }

    /** The old passphrase with the old key file, on a copy of the location as it is now. */
    private void assertOldHolderCannotOpenTheNewGeneration(Path location, byte[] oldKeyFile) throws Exception {
        Path copy = home.resolve("old-holder");
        try (Stream<Path> walk = Files.walk(location)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = copy.resolve(location.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.write(copy.resolve(KeyFile.KEY), oldKeyFile);
        FilesystemObjectStore raw = new FilesystemObjectStore(copy);
        EncryptedObjectStore oldView = new EncryptedObjectStore(raw, LocationKeys.open(raw, "vol", "the old passphrase".toCharArray()));
        assertThat(oldView.getBytes(RepositoryKeys.KEY)).as("generation 1, which the old holder had anyway").isNotEmpty();
        assertThatThrownBy(() -> oldView.getBytes(RepositoryKeys.generationKey(2))).isInstanceOf(ArcaException.Corrupt.class);
        assertThatThrownBy(() -> RepositoryKeys.open(oldView)).isInstanceOf(ArcaException.Corrupt.class);
    }
}

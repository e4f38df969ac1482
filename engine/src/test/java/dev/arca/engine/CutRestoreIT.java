package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupLocationSpec;
import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.restore.ItemOutcome;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStores;
import dev.arca.storage.crypto.LocationKeys;
import dev.arca.storage.crypto.PassphraseSource;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore whose download of the archive is cut half way, from an encrypted location opened as
 * the CLI opens one ({@link ObjectStores#open}): the retrying layer resumes the read under the
 * decryption, the restore completes with every item, and the log says the read was resumed. The
 * cut is simulated by a test provider ({@link CutReadsProvider}) over a real directory; the
 * cluster, the engine and the store layers are real.
 */
@ExtendWith(ControlPlaneExtension.class)
class CutRestoreIT {
    private static final int CONFIG_MAPS = 64;
    private static final char[] PASSPHRASE = "cut restore passphrase".toCharArray();
    private static final PassphraseSource PASSPHRASES = location -> PASSPHRASE.clone();

    @TempDir
    Path dir;

    @Test
    void aRestoreWhoseArchiveDownloadIsCutHalfWayResumesItAndRestoresEveryItem(KubernetesClient client, TestNamespace ns) {
        Map<String, String> noise = fill(client, ns.name());
        LocationKeys.openOrCreate(new FilesystemObjectStore(dir), "cut", PASSPHRASE, new LocationKeys.Kdf(1 << 10, 8, 1),
                Clock.systemUTC());
        try (ObjectStore store = ObjectStores.open(location(null), PASSPHRASES)) {
            BackupManifest manifest = new BackupRunner(client, store, EngineOptions.defaults())
                    .run("big", new BackupSpec(List.of(ns.name()), null, null, null, null, null, null, null, null), ProgressListener.NONE);
            assertThat(manifest.phase()).isEqualTo(Phase.Completed);
        }
        long ciphertext = new FilesystemObjectStore(dir).list(LocationLayout.resourcesKey("big")).get(0).size();
        assertThat(ciphertext).as("several MiB").isGreaterThan(3L << 20);
        String copy = ns.name() + "-cut";

        try (ObjectStore store = ObjectStores.open(location(LocationLayout.RESOURCES), PASSPHRASES)) {
            RestoreSpec spec = new RestoreSpec("big", null, null, null, null, null, null, Map.of(ns.name(), copy), false, false,
                    null, null);
            Supplier<RestoreRecord> restore = () -> new RestoreRunner(client, store, EngineOptions.defaults())
                    .run("cut-r", spec, ProgressListener.NONE);
            Captured<RestoreRecord> run = stderrOf(restore);

            assertThat(run.value().phase()).as("errors: %s", run.value().outcome().errors()).isEqualTo(Phase.Completed);
            assertThat(run.value().count(ItemOutcome.failed)).isZero();
            assertThat(run.value().count(ItemOutcome.created)).as("the namespace and every ConfigMap")
                    .isGreaterThanOrEqualTo(CONFIG_MAPS + 1);
            assertThat(run.log()).contains("resuming the read of " + LocationLayout.resourcesKey("big") + " in cut-reads dir "
                    + dir + " at byte " + ciphertext / 2).contains("connection closed by the server");
            for (Map.Entry<String, String> e : noise.entrySet()) {
                ConfigMap restored = client.configMaps().inNamespace(copy).withName(e.getKey()).get();
                assertThat(restored).as(e.getKey()).isNotNull();
                assertThat(restored.getData()).as(e.getKey()).containsEntry("noise", e.getValue());
            }
        } finally {
            client.namespaces().withName(copy).delete();
        }
    }

    /** ConfigMaps of incompressible data, about 6.5 MiB in all (5 MiB compressed); returns name → data. */
    private static Map<String, String> fill(KubernetesClient client, String ns) {
        Random random = new Random(16);
        Map<String, String> noise = new HashMap<>();
        for (int i = 0; i < CONFIG_MAPS; i++) {
            byte[] bytes = new byte[80_000];
            random.nextBytes(bytes);
            String data = Base64.getEncoder().encodeToString(bytes);
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("noise-" + i)
                    .endMetadata().addToData("noise", data).build()).create();
            noise.put("noise-" + i, data);
        }
        return noise;
    }

    private BackupLocationSpec location(String cutReadsOf) {
        Map<String, String> config = new HashMap<>(Map.of("dir", dir.toString(), "encryption", "passphrase"));
        if (cutReadsOf != null) {
            config.put("cutReadsOf", cutReadsOf);
        }
        return new BackupLocationSpec("cut", "cut-reads", config, null);
    }

    private record Captured<T>(T value, String log) {
    }

    /** Runs {@code action} and what slf4j-simple (the test binding, writing to the current System.err) logged meanwhile. */
    private static <T> Captured<T> stderrOf(Supplier<T> action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        T value;
        try {
            value = action.get();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return new Captured<>(value, log);
    }
}

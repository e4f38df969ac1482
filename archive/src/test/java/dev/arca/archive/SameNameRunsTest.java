package dev.arca.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.Phase;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs that pick one name, and a manifest write that fails after it landed: no run destroys a backup it did not write. */
class SameNameRunsTest {
    private static final List<ItemKey> KEYS = List.of(ItemKey.namespaced("configmaps", "shop", "a"), ItemKey.cluster("namespaces", "shop"));

    @TempDir
    Path dir;
    ObjectStore store;

    @BeforeEach
    void store() {
        store = new FilesystemObjectStore(dir);
    }

    @Test
    void aSecondRunOfTheSameNameIsRefusedBeforeItWritesAndTheFirstCompletes() {
        try (ArchiveWriter first = ArchiveWriter.create(store, "nightly")) {
            first.add(KEYS.get(0), TestBackups.json(KEYS.get(0)));

            assertThatThrownBy(() -> ArchiveWriter.create(store, "nightly"))
                    .isInstanceOf(ArcaException.InvalidInput.class)
                    .hasMessageContaining("backup \"nightly\" is being written by another run (run-")
                    .hasMessageContaining("arca backup delete nightly");

            first.add(KEYS.get(1), TestBackups.json(KEYS.get(1)));
            first.finish(TestBackups.completed("nightly"));
        }
        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThat(TestBackups.readAll(reader).keySet()).containsExactlyInAnyOrderElementsOf(KEYS);
        }
        assertThat(store.exists(LocationLayout.writerKey("nightly"))).as("the claim is released").isFalse();
    }

    @Test
    void aRunThatClaimsTheNameJustAfterAnotherFinishedItIsRefusedAndDeletesNothing() {
        TestBackups.write(store, "nightly", KEYS);
        Map<String, Long> before = objects();
        AtomicBoolean raced = new AtomicBoolean();
        ObjectStore late = new ForwardingObjectStore(store) {
            @Override
            public boolean exists(String key) {
                // the first check ran before the other run wrote its manifest
                return (key.equals(LocationLayout.manifestKey("nightly")) && raced.compareAndSet(false, true)) ? false : super.exists(key);
            }
        };

        assertThatThrownBy(() -> ArchiveWriter.create(late, "nightly"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("already exists");

        assertThat(objects()).isEqualTo(before);
    }

    @Test
    void aManifestWriteThatFailsAfterLandingKeepsTheCompletedBackupAndIsNotOverwrittenAsFailed() {
        ObjectStore flaky = new ForwardingObjectStore(store) {
            @Override
            public boolean createIfAbsent(String key, byte[] data) {
                boolean created = super.createIfAbsent(key, data);
                if (key.equals(LocationLayout.manifestKey("nightly"))) {
                    throw new ArcaException.Transient("connection reset after the request was sent", null);
                }
                return created;
            }
        };
        try (ArchiveWriter writer = ArchiveWriter.create(flaky, "nightly")) {
            KEYS.forEach(k -> writer.add(k, TestBackups.json(k)));

            assertThatThrownBy(() -> writer.finish(TestBackups.completed("nightly")))
                    .hasMessageContaining("the write may still have landed, so its data is kept")
                    .hasMessageContaining("'arca backup get nightly'");
            assertThat(writer.recordFailure(TestBackups.completed("nightly").withPhase(Phase.Failed)))
                    .as("what the runner does next must not replace the manifest that landed").isFalse();
        }

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThat(reader.manifest().phase()).isEqualTo(Phase.Completed);
            reader.verify();
            assertThat(TestBackups.readAll(reader).keySet()).containsExactlyInAnyOrderElementsOf(KEYS);
        }
    }

    @Test
    void anAbortedRunRemovesItsFilesAndItsClaimSoTheNameIsFreeAgain() {
        try (ArchiveWriter writer = ArchiveWriter.create(store, "nightly")) {
            writer.add(KEYS.get(0), TestBackups.json(KEYS.get(0)));
            writer.addFile(LocationLayout.VOLUMES, new byte[] {1});
        }
        assertThat(store.list("backups/")).isEmpty();

        TestBackups.write(store, "nightly", KEYS);
        assertThat(LocationLayout.backupNames(store)).containsExactly("nightly");
    }

    @Test
    void aRunThatLostItsClaimWhileStalledNeitherFinishesNorDeletesNorRecordsAFailure() {
        TestBackups.write(store, "other", KEYS);
        ArchiveWriter stalled = ArchiveWriter.create(store, "nightly");
        stalled.add(KEYS.get(0), TestBackups.json(KEYS.get(0)));
        // the run stalls past its claim; a deleter or another run takes the name over
        store.delete(LocationLayout.writerKey("nightly"));
        try (ArchiveWriter second = ArchiveWriter.create(store, "nightly")) {
            KEYS.forEach(k -> second.add(k, TestBackups.json(k)));
            second.finish(TestBackups.completed("nightly"));
        }
        Map<String, Long> before = objects();

        assertThatThrownBy(() -> stalled.finish(TestBackups.completed("nightly")))
                .hasMessageContaining("was not finished")
                .hasMessageContaining("nothing was deleted");
        assertThat(stalled.recordFailure(TestBackups.completed("nightly").withPhase(Phase.Failed))).isFalse();
        stalled.close();

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThat(reader.manifest().phase()).as("the second run's backup is intact").isEqualTo(Phase.Completed);
            reader.verify();
        }
        assertThat(objects().keySet()).containsAll(before.keySet());
    }

    private Map<String, Long> objects() {
        Map<String, Long> out = new TreeMap<>();
        store.list("").forEach(o -> out.put(o.key(), o.size()));
        return out;
    }
}

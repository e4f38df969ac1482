package dev.arca.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.arca.api.ArcaException;
import dev.arca.archive.Lease;
import dev.arca.archive.LocationLayout;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupDeleterTest {
    private static final Instant NOW = Backups.NOW;
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    ObjectStore store;

    @BeforeEach
    void store() {
        store = new FilesystemObjectStore(dir);
    }

    @Test
    void deletesEveryObjectOfTheBackupAndNothingElse() {
        Backups.write(store, "a", null);
        Backups.write(store, "ab", null);
        Map<String, Long> others = Backups.objects(store);
        others.keySet().removeIf(key -> key.startsWith("backups/a/"));

        new BackupDeleter(store, CLOCK).delete("a");

        assertThat(Backups.objects(store)).isEqualTo(others);
    }

    @Test
    void refusesWhileARestoreHoldsALeaseNamingTheRestoreAndUntilWhen() {
        Backups.write(store, "nightly", null);
        Backups.lease(store, "nightly", "r1", NOW, NOW.plus(HOUR));
        Map<String, Long> before = Backups.objects(store);

        assertThatThrownBy(() -> new BackupDeleter(store, CLOCK).delete("nightly"))
                .isInstanceOf(BackupInUseException.class)
                .hasMessage("backup \"nightly\" is being read by restore \"r1\" (lease until " + NOW.plus(HOUR)
                        + "); try again later");
        assertThat(Backups.objects(store)).isEqualTo(before);
    }

    @Test
    void severalReadersAreAllNamed() {
        Backups.write(store, "nightly", null);
        Backups.lease(store, "nightly", "r1", NOW, NOW.plus(HOUR));
        Backups.lease(store, "nightly", "r2", NOW, NOW.plus(HOUR.multipliedBy(2)));

        assertThatThrownBy(() -> new BackupDeleter(store, CLOCK).delete("nightly"))
                .hasMessageContaining("restore \"r1\" (lease until " + NOW.plus(HOUR) + ") and restore \"r2\"");
    }

    @Test
    void aLapsedLeaseDoesNotBlock() {
        Backups.write(store, "nightly", null);
        Backups.lease(store, "nightly", "crashed", NOW.minus(HOUR), NOW);

        new BackupDeleter(store, CLOCK).delete("nightly");

        assertThat(store.list("backups/nightly/")).isEmpty();
    }

    @Test
    void aRestoreThatOpensTheBackupWhileItIsBeingDeletedKeepsIt() {
        Backups.write(store, "nightly", null);
        Map<String, Long> before = Backups.objects(store);
        byte[] manifest = store.getBytes(LocationLayout.manifestKey("nightly"));
        // the restore takes its lease and reads the manifest just after the deleter's first check
        ObjectStore racing = new Racing(store, LocationLayout.manifestKey("nightly"),
                () -> Backups.lease(store, "nightly", "late", NOW, NOW.plus(HOUR)));

        Throwable thrown = catchThrowable(() -> new BackupDeleter(racing, CLOCK).delete("nightly"));

        assertThat(thrown).isInstanceOf(BackupInUseException.class).hasMessageContaining("restore \"late\"");
        assertThat(((BackupInUseException) thrown).leases()).extracting(Lease::holder).containsExactly("late");
        assertThat(store.getBytes(LocationLayout.manifestKey("nightly"))).as("put back as it was").isEqualTo(manifest);
        assertThat(Backups.objects(store)).containsAllEntriesOf(before).hasSize(before.size() + 1);
    }

    @Test
    void aBackupWithAnUnreadableManifestCanStillBeDeleted() {
        Backups.write(store, "broken", null);
        store.put(LocationLayout.manifestKey("broken"), "{".getBytes());

        new BackupDeleter(store, CLOCK).delete("broken");

        assertThat(store.list("backups/broken/")).isEmpty();
    }

    @Test
    void anUnknownBackupIsNotFound() {
        assertThatThrownBy(() -> new BackupDeleter(store, CLOCK).delete("ghost"))
                .isInstanceOf(ArcaException.NotFound.class)
                .hasMessage("backup \"ghost\" not found in " + store.describe() + "; run 'arca backup get'");
    }

    @Test
    void whatARunThatDiedLeftWithoutAManifestIsDeletedOnceItsClaimHasLapsed() throws Exception {
        Backups.write(store, "other", null);
        Map<String, Long> others = Backups.objects(store);
        store.put("backups/dead/resources.tar.zst", new byte[] {1, 2, 3});
        store.put("backups/dead/log.jsonl.zst", new byte[] {4});
        store.put(LocationLayout.writerKey("dead"), dev.arca.archive.ArchiveJson.mapper().writeValueAsBytes(
                new Lease("dead", "run-1", NOW.minus(HOUR), NOW.minusSeconds(1))));

        new BackupDeleter(store, CLOCK).delete("dead");

        assertThat(Backups.objects(store)).isEqualTo(others);
    }

    @Test
    void aBackupStillBeingWrittenIsNotDeletedNamingItsRun() throws Exception {
        store.put("backups/busy/resources.tar.zst", new byte[] {1, 2, 3});
        store.put(LocationLayout.writerKey("busy"), dev.arca.archive.ArchiveJson.mapper().writeValueAsBytes(
                new Lease("busy", "run-7", NOW.minus(HOUR), NOW.plus(HOUR))));
        Map<String, Long> before = Backups.objects(store);

        assertThatThrownBy(() -> new BackupDeleter(store, CLOCK).delete("busy"))
                .isInstanceOf(BackupInUseException.class)
                .hasMessageContaining("backup \"busy\" is being written by run-7")
                .hasMessageContaining("claim renewed until " + NOW.plus(HOUR));
        assertThat(Backups.objects(store)).isEqualTo(before);
    }

    /** Runs {@code before} just before {@code key} is deleted: a restore racing the deleter. */
    private static final class Racing extends ForwardingObjectStore {
        private final String key;
        private final Runnable before;

        Racing(ObjectStore delegate, String key, Runnable before) {
            super(delegate);
            this.key = key;
            this.before = before;
        }

        @Override
        public void delete(String k) {
            if (k.equals(key)) {
                before.run();
            }
            delegate.delete(k);
        }
    }
}

package dev.arca.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocationLayoutTest {
    @TempDir
    Path dir;

    @Test
    void keysFollowTheDocumentedLayout() {
        assertThat(LocationLayout.manifestKey("nightly")).isEqualTo("backups/nightly/backup.json");
        assertThat(LocationLayout.resourcesKey("nightly")).isEqualTo("backups/nightly/resources.tar.zst");
        assertThat(LocationLayout.resourceListKey("nightly")).isEqualTo("backups/nightly/resource-list.json");
        assertThat(LocationLayout.backupLogKey("nightly")).isEqualTo("backups/nightly/log.jsonl.zst");
        assertThat(LocationLayout.restoreKey("r1")).isEqualTo("restores/r1/restore.json");
        assertThat(LocationLayout.restoreLogKey("r1")).isEqualTo("restores/r1/log.jsonl.zst");
    }

    @Test
    void namesThatCouldEscapeTheirDirectoryAreRefused() {
        for (String bad : new String[] {"..", "a/b", "", "A", "-a", "a..b", "x".repeat(254)}) {
            assertThatThrownBy(() -> LocationLayout.manifestKey(bad))
                    .as(bad).isInstanceOf(ArcaException.InvalidInput.class);
        }
        assertThatThrownBy(() -> LocationLayout.backupFile("a", "../b/backup.json"))
                .isInstanceOf(ArcaException.InvalidInput.class);
    }

    @Test
    void onlyBackupsWithAManifestAreListed() {
        ObjectStore store = new FilesystemObjectStore(dir);
        store.put("backups/done/backup.json", "{}".getBytes());
        store.put("backups/done/resources.tar.zst", new byte[] {1});
        store.put("backups/writing/resources.tar.zst", new byte[] {1});
        store.put("backups/also-done/backup.json", "{}".getBytes());
        store.put("backups/nested/deeper/backup.json", "{}".getBytes());
        store.put("restores/r1/restore.json", "{}".getBytes());
        store.put("restores/r2/log.jsonl.zst", new byte[] {1});

        assertThat(LocationLayout.backupNames(store)).containsExactly("also-done", "done");
        assertThat(LocationLayout.restoreNames(store)).containsExactly("r1");
    }

    @Test
    void deleteBackupRemovesExactlyThatBackupsObjects() {
        ObjectStore store = new FilesystemObjectStore(dir);
        for (String name : List.of("a", "ab", "b")) {
            store.put("backups/" + name + "/backup.json", "{}".getBytes());
            store.put("backups/" + name + "/resources.tar.zst", new byte[] {1});
        }
        store.put("backupsa/x", new byte[] {1});
        store.put("restores/a/restore.json", "{}".getBytes());

        LocationLayout.deleteBackup(store, "a");

        assertThat(store.list("").stream().map(ObjectStore.ObjectInfo::key)).containsExactly(
                "backups/ab/backup.json", "backups/ab/resources.tar.zst",
                "backups/b/backup.json", "backups/b/resources.tar.zst",
                "backupsa/x", "restores/a/restore.json");
        assertThat(LocationLayout.backupNames(store)).containsExactly("ab", "b");
    }

    @Test
    void deleteBackupRemovesTheManifestFirst() {
        RecordingStore store = new RecordingStore(new FilesystemObjectStore(dir));
        store.put("backups/a/log.jsonl.zst", new byte[] {1});
        store.put("backups/a/backup.json", "{}".getBytes());
        store.put("backups/a/resources.tar.zst", new byte[] {1});

        LocationLayout.deleteBackup(store, "a");

        assertThat(store.deleted).first().isEqualTo("backups/a/backup.json");
        assertThat(store.deleted).contains("backups/a/log.jsonl.zst", "backups/a/resources.tar.zst");
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void deleteBackupLeavesTheWritersClaimToTheDeleterThatHoldsIt() {
        ObjectStore store = new FilesystemObjectStore(dir);
        store.put("backups/a/backup.json", "{}".getBytes());
        store.put("backups/a/resources.tar.zst", new byte[] {1});
        store.put(LocationLayout.writerKey("a"), "{}".getBytes());

        assertThat(LocationLayout.deleteBackup(store, "a")).isTrue();

        assertThat(store.list("").stream().map(ObjectStore.ObjectInfo::key)).containsExactly(LocationLayout.writerKey("a"));
        assertThat(LocationLayout.deleteBackup(store, "a")).as("nothing but the claim is left").isFalse();
    }

    @Test
    void deletingAnAbsentBackupChangesNothing() {
        ObjectStore store = new FilesystemObjectStore(dir);
        store.put("backups/other/backup.json", "{}".getBytes());

        LocationLayout.deleteBackup(store, "missing");

        assertThat(LocationLayout.backupNames(store)).containsExactly("other");
    }

    /** The real store, recording the order of deletes. */
    private static final class RecordingStore extends ForwardingObjectStore {
        final List<String> deleted = new ArrayList<>();

        RecordingStore(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public void delete(String key) {
            deleted.add(key);
            delegate.delete(key);
        }
    }
}

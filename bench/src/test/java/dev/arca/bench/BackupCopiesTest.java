package dev.arca.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.archive.ArchiveReader;
import dev.arca.archive.LocationLayout;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCopiesTest {
    @TempDir
    Path dir;

    @Test
    void everyCopyIsAReadableBackupUnderItsOwnNameAndTheTemplateIsNotInTheLocation() {
        Path location = dir.resolve("location");
        BackupCopies.fill(location, dir.resolve("scratch"), "idle", 3);
        FilesystemObjectStore store = new FilesystemObjectStore(location);

        assertThat(LocationLayout.backupNames(store)).containsExactly("idle-00000", "idle-00001", "idle-00002");
        try (ArchiveReader reader = ArchiveReader.open(store, "idle-00002")) {
            assertThat(reader.manifest().name()).isEqualTo("idle-00002");
            assertThat(reader.manifest().itemCount()).isEqualTo(1);
            assertThat(reader.resourceList()).containsEntry("configmaps", java.util.List.of("default/app"));
        }
        assertThat(Files.exists(location.resolve(LocationLayout.writerKey("idle-00000")))).isFalse();
    }

    @Test
    void twoFillsCanShareOneScratchDirectory() {
        BackupCopies.fill(dir.resolve("a"), dir.resolve("scratch"), "idle", 1);
        BackupCopies.fill(dir.resolve("b"), dir.resolve("scratch"), "sync", 2);

        assertThat(LocationLayout.backupNames(new FilesystemObjectStore(dir.resolve("b")))).containsExactly("sync-00000", "sync-00001");
    }
}

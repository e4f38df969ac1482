package dev.arca.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveVerificationTest {
    private static final String RESOURCES = "backups/nightly/resources.tar.zst";
    private static final List<ItemKey> KEYS = List.of(
            ItemKey.namespaced("configmaps", "shop", "settings"),
            ItemKey.cluster("namespaces", "shop"));

    @TempDir
    Path dir;
    ObjectStore store;
    long size;

    @BeforeEach
    void backup() {
        store = new FilesystemObjectStore(dir);
        size = TestBackups.write(store, "nightly", KEYS).files().get(LocationLayout.RESOURCES).size();
    }

    @Test
    void anExtraFileIsCoveredByTheManifestAndVerifiedWhenRead() {
        try (ArchiveWriter writer = ArchiveWriter.create(store, "with-volumes")) {
            writer.add(ItemKey.namespaced("configmaps", "shop", "settings"), "{}".getBytes(StandardCharsets.UTF_8));
            writer.addFile(LocationLayout.VOLUMES, "[{\"pvc\":\"data\"}]".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> writer.addFile(LocationLayout.RESOURCES, new byte[1])).isInstanceOf(IllegalArgumentException.class);
            assertThat(writer.finish(TestBackups.completed("with-volumes")).files()).containsKey(LocationLayout.VOLUMES);
        }
        try (ArchiveReader reader = ArchiveReader.open(store, "with-volumes")) {
            assertThat(reader.file(LocationLayout.VOLUMES)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).contains("data"));
            assertThat(reader.file("absent.json")).isEmpty();
        }
        String key = LocationLayout.backupFile("with-volumes", LocationLayout.VOLUMES);
        byte[] stored = store.getBytes(key);
        stored[3] ^= 0x01;
        store.put(key, stored);
        try (ArchiveReader reader = ArchiveReader.open(store, "with-volumes")) {
            assertThatThrownBy(() -> reader.file(LocationLayout.VOLUMES)).isInstanceOf(ArcaException.Corrupt.class)
                    .hasMessageContaining("volumes.json is corrupt");
        }
    }

    @Test
    void aTruncatedArchiveIsRefusedBeforeAnyItemIsVisited() {
        byte[] stored = store.getBytes(RESOURCES);
        store.put(RESOURCES, Arrays.copyOf(stored, stored.length / 2));
        AtomicInteger visited = new AtomicInteger();

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThatThrownBy(() -> reader.forEachItem((key, json) -> visited.incrementAndGet()))
                    .isInstanceOf(ArcaException.Corrupt.class)
                    .hasMessage("backup \"nightly\": resources.tar.zst is corrupt (truncated: " + stored.length / 2
                            + " of " + size + " bytes); the backup cannot be restored");
        }
        assertThat(visited).hasValue(0);
    }

    @Test
    void aSingleFlippedByteIsRefusedBeforeAnyItemIsVisited() {
        byte[] stored = store.getBytes(RESOURCES);
        stored[stored.length / 2] ^= 0x01;
        store.put(RESOURCES, stored);
        AtomicInteger visited = new AtomicInteger();

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThatThrownBy(() -> reader.forEachItem((key, json) -> visited.incrementAndGet()))
                    .isInstanceOf(ArcaException.Corrupt.class)
                    .hasMessage("backup \"nightly\": resources.tar.zst is corrupt (sha256 mismatch);"
                            + " the backup cannot be restored");
        }
        assertThat(visited).hasValue(0);
    }

    @Test
    void anArchiveLongerThanRecordedIsRefused() {
        byte[] stored = store.getBytes(RESOURCES);
        store.put(RESOURCES, Arrays.copyOf(stored, stored.length + 10));

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThatThrownBy(() -> reader.forEachItem((key, json) -> { }))
                    .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("longer than the " + size);
        }
    }

    @Test
    void aMissingArchiveIsReportedAsCorrupt() {
        store.delete(RESOURCES);

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThatThrownBy(() -> reader.forEachItem((key, json) -> { }))
                    .isInstanceOf(ArcaException.Corrupt.class)
                    .hasMessageContaining("resources.tar.zst is missing from " + store.describe());
        }
    }

    @Test
    void laterPassesReuseTheVerifiedLocalCopy() {
        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThat(TestBackups.readAll(reader)).hasSize(2);
            store.put(RESOURCES, new byte[] {0, 1, 2});

            assertThat(TestBackups.readAll(reader)).containsOnlyKeys(KEYS);
        }
    }

    @Test
    void aCorruptManifestIsReportedAsCorruptNamingTheFile() {
        store.put("backups/nightly/backup.json", "{\"formatVersion\": 1, \"name\": ".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ArchiveReader.open(store, "nightly"))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageStartingWith("backup \"nightly\": backup.json is not a valid manifest");
    }

    @Test
    void aManifestMissingRequiredFieldsIsCorrupt() {
        store.put("backups/nightly/backup.json", "{\"formatVersion\": 1, \"name\": \"nightly\"}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ArchiveReader.open(store, "nightly"))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("backup.json is not a valid manifest");
    }

    @Test
    void aManifestOfAnotherBackupIsCorrupt() {
        store.put("backups/copy/backup.json", store.getBytes("backups/nightly/backup.json"));

        assertThatThrownBy(() -> ArchiveReader.open(store, "copy"))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("describes backup \"nightly\"");
    }

    @Test
    void anUnknownBackupIsNotFoundWithAHint() {
        assertThatThrownBy(() -> ArchiveReader.open(store, "weekly"))
                .isInstanceOf(ArcaException.NotFound.class)
                .hasMessage("backup \"weekly\" not found in " + store.describe() + "; run 'arca backup get'");
    }

    @Test
    void aNewerFormatIsRefusedWithAnUpgradeHint() {
        BackupManifest newer = TestBackups.completed("future").withFormatVersion(BackupManifest.FORMAT_VERSION + 1);
        store.put("backups/future/backup.json", ArchiveWriter.manifestBytes(newer));

        assertThatThrownBy(() -> ArchiveReader.open(store, "future"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("upgrade arca");
    }

    @Test
    void verifyNamesEveryDamagedFile() {
        byte[] log = store.getBytes("backups/nightly/log.jsonl.zst");
        log[log.length - 1] ^= 0x40;
        store.put("backups/nightly/log.jsonl.zst", log);
        store.delete("backups/nightly/resource-list.json");

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThatThrownBy(reader::verify)
                    .isInstanceOf(ArcaException.Corrupt.class)
                    .hasMessageContaining("log.jsonl.zst is corrupt (sha256 mismatch)")
                    .hasMessageContaining("resource-list.json is missing")
                    .message().doesNotContain("resources.tar.zst");
        }
    }

    @Test
    void verifyPassesOnAnIntactBackup() {
        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            reader.verify();
            assertThat(reader.manifest().files()).hasSize(3);
        }
    }

    @Test
    void aDamagedResourceListIsRefused() {
        store.put("backups/nightly/resource-list.json", "{\"configmaps\":[\"shop/other\"]}".getBytes(StandardCharsets.UTF_8));

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThatThrownBy(reader::resourceList)
                    .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("resource-list.json is corrupt");
        }
    }

    @Test
    void anEntryEscapingTheResourcesTreeIsRefusedEvenWithAMatchingDigest() throws IOException {
        byte[] evil = tarZst(Map.of("resources/x/namespaces/../../etc/passwd.json", "root::0:0"));
        replaceResources(evil);

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThatThrownBy(() -> reader.forEachItem((key, json) -> { }))
                    .isInstanceOf(ArcaException.Corrupt.class)
                    .hasMessageContaining("backup \"nightly\": resources.tar.zst is corrupt")
                    .hasMessageContaining("etc/passwd.json");
        }
    }

    @Test
    void undecodableDataWithAMatchingDigestIsCorrupt() {
        replaceResources("not zstd at all".getBytes(StandardCharsets.UTF_8));

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThatThrownBy(() -> reader.forEachItem((key, json) -> { }))
                    .isInstanceOf(ArcaException.Corrupt.class)
                    .hasMessageContaining("cannot be decoded");
        }
    }

    /** Replaces the archive and re-records its digest, as a writer with a bug (or an attacker) would. */
    private void replaceResources(byte[] data) {
        store.put(RESOURCES, data);
        BackupManifest manifest;
        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            manifest = reader.manifest();
        }
        Map<String, FileDigest> files = new TreeMap<>(manifest.files());
        files.put(LocationLayout.RESOURCES, FileDigest.of(data));
        store.put("backups/nightly/backup.json", ArchiveWriter.manifestBytes(manifest.withFiles(files)));
    }

    private static byte[] tarZst(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new ZstdOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, String> e : entries.entrySet()) {
                byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}

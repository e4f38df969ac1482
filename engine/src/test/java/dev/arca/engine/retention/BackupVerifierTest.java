package dev.arca.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.FileDigest;
import dev.arca.archive.LocationLayout;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupVerifierTest {
    @TempDir
    Path dir;
    ObjectStore store;
    BackupManifest manifest;

    @BeforeEach
    void backup() {
        store = new FilesystemObjectStore(dir);
        manifest = Backups.write(store, "nightly", null);
    }

    private VerifyReport verify() {
        return new BackupVerifier(store).verify("nightly");
    }

    /** Replaces one file and records its new digest, so only the deeper checks can catch it. */
    private void replaceAndRecord(String file, byte[] data) {
        store.put(LocationLayout.backupFile("nightly", file), data);
        Map<String, FileDigest> files = new TreeMap<>(manifest.files());
        files.put(file, FileDigest.of(data));
        Backups.rewrite(store, manifest.withFiles(files));
    }

    @Test
    void aGoodBackupVerifiesWithItsItemsFilesAndLog() {
        VerifyReport report = verify();

        long bytes = manifest.files().values().stream().mapToLong(FileDigest::size).sum();
        assertThat(report).isEqualTo(new VerifyReport("nightly", 3, Map.of("configmaps", 2L, "namespaces", 1L), 3, bytes, 3));
    }

    @Test
    void aFlippedByteIsReportedNamingTheFile() {
        String key = LocationLayout.resourcesKey("nightly");
        byte[] stored = store.getBytes(key);
        stored[stored.length / 2] ^= 0x01;
        store.put(key, stored);

        assertThatThrownBy(this::verify).isInstanceOf(ArcaException.Corrupt.class)
                .hasMessage("backup \"nightly\" failed verification: resources.tar.zst is corrupt (sha256 mismatch);"
                        + " the backup cannot be restored");
    }

    @Test
    void aMissingResourceListIsReportedNamingIt() {
        store.delete(LocationLayout.resourceListKey("nightly"));

        assertThatThrownBy(this::verify).isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("resource-list.json is missing").hasMessageNotContaining("resources.tar.zst");
    }

    @Test
    void aManifestThatRecordsMoreItemsThanTheArchiveHoldsIsReported() {
        Backups.rewrite(store, manifest.withCounts(Map.of("configmaps", 3L, "namespaces", 1L), 4));

        assertThatThrownBy(this::verify).isInstanceOf(ArcaException.Corrupt.class)
                .hasMessage("backup \"nightly\": resources.tar.zst holds 3 items but the manifest records 4"
                        + " (configmaps: 2 in the archive, 3 recorded); the backup does not match its manifest"
                        + " and cannot be trusted for a restore");
    }

    @Test
    void countsPerResourceMustMatchEvenWhenTheTotalDoes() {
        Backups.rewrite(store, manifest.withCounts(Map.of("configmaps", 1L, "namespaces", 2L), 3));

        assertThatThrownBy(this::verify).isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("holds 3 items but the manifest records 3 (configmaps: 2 in the archive, 1 recorded;"
                        + " namespaces: 1 in the archive, 2 recorded)");
    }

    @Test
    void aResourceListThatDisagreesWithTheArchiveIsReported() {
        replaceAndRecord(LocationLayout.RESOURCE_LIST,
                "{\"configmaps\":[\"shop/settings\"],\"namespaces\":[\"shop\"]}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(this::verify).isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageStartingWith("backup \"nightly\": resource-list.json lists 2 items but the manifest records 3"
                        + " (configmaps: 1 listed, 2 recorded)");
    }

    @Test
    void aLogThatDoesNotDecodeIsReportedNamingIt() {
        replaceAndRecord(LocationLayout.LOG, "plain text, not zstd".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(this::verify).isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageStartingWith("backup \"nightly\": log.jsonl.zst cannot be decoded");
    }

    @Test
    void anUnknownBackupIsNotFound() {
        assertThatThrownBy(() -> new BackupVerifier(store).verify("ghost"))
                .isInstanceOf(ArcaException.NotFound.class).hasMessageContaining("backup \"ghost\" not found");
    }
}

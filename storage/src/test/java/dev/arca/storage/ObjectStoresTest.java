package dev.arca.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.api.BackupLocationSpec.AccessMode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoresTest {
    @TempDir
    Path dir;

    @Test
    void opensAFilesystemLocationWrappedInRetries() {
        try (ObjectStore store = ObjectStores.open(location(AccessMode.ReadWrite))) {
            store.put("k", new byte[] {1, 2});

            assertThat(store).isInstanceOf(RetryingObjectStore.class);
            assertThat(store.getBytes("k")).containsExactly(1, 2);
            assertThat(store.describe()).isEqualTo("dir " + dir);
        }
    }

    @Test
    void aReadOnlyLocationReadsButRefusesEveryWriteNamingTheLocationAndTheFix() {
        try (ObjectStore writable = ObjectStores.open(location(AccessMode.ReadWrite))) {
            assertThat(writable.writable()).isTrue();
            writable.put("backups/b/backup.json", new byte[] {7});
        }
        try (ObjectStore store = ObjectStores.open(location(AccessMode.ReadOnly))) {
            assertThat(store.getBytes("backups/b/backup.json")).containsExactly(7);
            assertThat(store.list("backups/")).hasSize(1);
            assertThat(store.describe()).endsWith("(read-only)");
            assertThat(store.writable()).as("told through the retrying layer").isFalse();

            assertThatThrownBy(() -> store.put("backups/c/backup.json", new byte[0]))
                    .isInstanceOf(ArcaException.InvalidInput.class)
                    .hasMessageContaining("location \"archive\" is ReadOnly")
                    .hasMessageContaining("backups/c/backup.json")
                    .hasMessageContaining("ReadWrite");
            assertThatThrownBy(() -> store.writer("x")).isInstanceOf(ArcaException.InvalidInput.class);
            assertThatThrownBy(() -> store.delete("backups/b/backup.json")).isInstanceOf(ArcaException.InvalidInput.class);
            assertThatThrownBy(() -> store.createIfAbsent("repository/keys.json", new byte[] {1}))
                    .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("repository/keys.json");
            assertThat(store.exists("backups/b/backup.json")).isTrue();
            assertThat(store.exists("repository/keys.json")).isFalse();
        }
    }

    @Test
    void anOpenedEncryptedLocationRemovesAnAbandonedTemporaryFileThroughEveryLayer() throws java.io.IOException {
        char[] passphrase = "abandoned writes".toCharArray();
        dev.arca.storage.crypto.LocationKeys.openOrCreate(new dev.arca.storage.fs.FilesystemObjectStore(dir), "archive",
                passphrase, new dev.arca.storage.crypto.LocationKeys.Kdf(1 << 10, 8, 1), java.time.Clock.systemUTC());
        Path leftover = java.nio.file.Files.write(java.nio.file.Files.createDirectories(dir.resolve("backups/b"))
                .resolve(".arca-tmp-old"), new byte[] {1});
        java.nio.file.Files.setLastModifiedTime(leftover, java.nio.file.attribute.FileTime.fromMillis(0));
        BackupLocationSpec spec = new BackupLocationSpec("archive", "filesystem",
                Map.of("dir", dir.toString(), "encryption", "passphrase"), AccessMode.ReadWrite);

        try (ObjectStore store = ObjectStores.open(spec, location -> passphrase.clone())) {
            assertThat(store.deleteAbandonedWrites("backups/", java.time.Instant.now().minusSeconds(60))).isEqualTo(1);
        }
        assertThat(leftover).doesNotExist();
    }

    @Test
    void aReadOnlyLocationLeavesTheTemporaryFilesOfItsWritersAlone() throws java.io.IOException {
        try (ObjectStore writable = ObjectStores.open(location(AccessMode.ReadWrite))) {
            writable.put("backups/b/backup.json", new byte[] {7});
        }
        Path leftover = java.nio.file.Files.write(dir.resolve("backups/b/.arca-tmp-old"), new byte[] {1});
        java.nio.file.Files.setLastModifiedTime(leftover, java.nio.file.attribute.FileTime.fromMillis(0));

        try (ObjectStore store = ObjectStores.open(location(AccessMode.ReadOnly))) {
            assertThat(store.deleteAbandonedWrites("backups/", java.time.Instant.now())).isZero();
        }
        assertThat(leftover).as("a ReadOnly location is cleaned by whoever writes to it").exists();
    }

    @Test
    void anUnknownProviderIsRejectedListingTheKnownOnes() {
        BackupLocationSpec spec = new BackupLocationSpec("x", "ftp", Map.of(), null);

        assertThatThrownBy(() -> ObjectStores.open(spec)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("unknown provider \"ftp\"")
                .hasMessageContaining("azure, filesystem, gcs, s3");
    }

    @Test
    void anS3LocationWithoutABucketIsRejectedSayingHowToSetIt() {
        BackupLocationSpec spec = new BackupLocationSpec("cloud", "s3", Map.of("region", "eu-west-1"), null);

        assertThatThrownBy(() -> ObjectStores.open(spec)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("location \"cloud\" (s3) has no bucket").hasMessageContaining("--bucket");
    }

    private BackupLocationSpec location(AccessMode mode) {
        return new BackupLocationSpec("archive", "filesystem", Map.of("dir", dir.toString()), mode);
    }
}

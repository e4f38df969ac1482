package dev.arca.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.LocationLayout;
import dev.arca.archive.RetentionLock;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.crypto.EncryptedObjectStore;
import dev.arca.storage.crypto.LocationKeys;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A location that keeps backups immutable for a period: Arca refuses to delete them earlier and says until when. */
class ImmutabilityTest {
    private static final Instant NOW = Backups.NOW;
    private static final Duration DAYS_30 = Duration.ofDays(30);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final LocationKeys.Kdf FAST = new LocationKeys.Kdf(1 << 10, 8, 1);

    @TempDir
    Path dir;
    ObjectStore store;

    @BeforeEach
    void store() {
        store = new FilesystemObjectStore(dir);
    }

    /** A backup that started {@code age} before NOW and expired an hour ago. */
    private void backup(String name, Duration age) {
        BackupManifest m = Backups.write(store, name, NOW.minus(Duration.ofHours(1)));
        Backups.rewrite(store, m.withStarted(NOW.minus(age)));
    }

    @Test
    void aBackupYoungerThanThePeriodIsNotDeletedAndTheErrorSaysUntilWhen() {
        backup("young", Duration.ofDays(10));
        Map<String, Long> before = Backups.objects(store);

        assertThatThrownBy(() -> new BackupDeleter(store, Clock.fixed(NOW, ZoneOffset.UTC), DAYS_30).delete("young"))
                .isInstanceOf(BackupImmutableException.class)
                .hasMessageContaining("immutable until " + NOW.minus(Duration.ofDays(10)).plus(DAYS_30));
        assertThat(Backups.objects(store)).isEqualTo(before);
    }

    @Test
    void aBackupOlderThanThePeriodIsDeletedAsUsual() {
        backup("old", Duration.ofDays(31));

        new BackupDeleter(store, Clock.fixed(NOW, ZoneOffset.UTC), DAYS_30).delete("old");

        assertThat(LocationLayout.backupNames(store)).isEmpty();
    }

    @Test
    void pruneKeepsAnExpiredButImmutableBackupWithTheReason() {
        backup("young", Duration.ofDays(10));
        backup("old", Duration.ofDays(31));

        PruneResult result = new BackupPruner(store, Clock.fixed(NOW, ZoneOffset.UTC), DAYS_30).prune(false);

        assertThat(result.deleted()).extracting(PruneResult.Deleted::backup).containsExactly("old");
        assertThat(result.kept()).singleElement().satisfies(k -> {
            assertThat(k.backup()).isEqualTo("young");
            assertThat(k.why()).isEqualTo(PruneResult.Why.immutable);
            assertThat(k.reason()).contains("immutable until");
        });
        assertThat(result.hasFailures()).isFalse();
        assertThat(LocationLayout.backupNames(store)).containsExactly("young");
    }

    @Test
    void aPeriodFoundOnlyInTheLocationRefusesADeleterWhoseConfigHasNone() {
        backup("young", Duration.ofDays(10));
        RetentionLock.setAtLeast(store, DAYS_30, NOW.minus(Duration.ofDays(20)), "ops@host-a"); // client A's location add
        Map<String, Long> before = Backups.objects(store);
        ObjectStore otherClient = new FilesystemObjectStore(dir); // another ARCA_HOME, the location re-added without the flag

        assertThatThrownBy(() -> new BackupDeleter(otherClient, CLOCK, Duration.ZERO).delete("young"))
                .isInstanceOf(BackupImmutableException.class)
                .hasMessageContaining("immutable until " + NOW.minus(Duration.ofDays(10)).plus(DAYS_30))
                .hasMessageContaining("keeps backups for 30d (retention lock arca/retention.json, set at ")
                .hasMessageContaining("by ops@host-a");
        assertThatThrownBy(() -> new BackupDeleter(otherClient, CLOCK).delete("young"))
                .isInstanceOf(BackupImmutableException.class);
        assertThat(Backups.objects(store)).isEqualTo(before);
    }

    @Test
    void theLongerOfTheLocationsLockAndTheClientsConfigWins() {
        backup("b", Duration.ofDays(40));
        RetentionLock.setAtLeast(store, DAYS_30, NOW, "ops@host-a");

        assertThatThrownBy(() -> new BackupDeleter(store, CLOCK, Duration.ofDays(60)).delete("b"))
                .isInstanceOf(BackupImmutableException.class)
                .hasMessageContaining("immutable until " + NOW.minus(Duration.ofDays(40)).plus(Duration.ofDays(60)))
                .hasMessageContaining("60d (this client's config of the location)");
        new BackupDeleter(store, CLOCK, Duration.ofDays(7)).delete("b"); // 40 days old: past the lock's 30 days
        assertThat(LocationLayout.backupNames(store)).isEmpty();
    }

    @Test
    void pruneKeepsWhatTheLocationsLockProtectsWhateverTheClientSays() {
        backup("young", Duration.ofDays(10));
        backup("old", Duration.ofDays(31));
        RetentionLock.setAtLeast(store, DAYS_30, NOW, "ops@host-a");

        PruneResult result = new BackupPruner(store, CLOCK).prune(false);

        assertThat(result.deleted()).extracting(PruneResult.Deleted::backup).containsExactly("old");
        assertThat(result.kept()).singleElement().satisfies(k -> {
            assertThat(k.why()).isEqualTo(PruneResult.Why.immutable);
            assertThat(k.reason()).contains("immutable until").contains("retention lock arca/retention.json");
        });
    }

    @Test
    void anAlteredRetentionLockOnAnEncryptedLocationRefusesEveryDeleteAndPrune() {
        ObjectStore encrypted = new EncryptedObjectStore(store,
                LocationKeys.openOrCreate(store, "vault", "secret".toCharArray(), FAST, CLOCK));
        BackupManifest old = Backups.write(encrypted, "old", NOW.minus(Duration.ofDays(1)));
        Backups.rewrite(encrypted, old.withStarted(NOW.minus(Duration.ofDays(90)))); // old enough to go, but for the lock
        RetentionLock.setAtLeast(encrypted, DAYS_30, NOW, "ops@host-a");
        byte[] sealed = store.getBytes(LocationLayout.RETENTION_KEY);
        sealed[sealed.length - 20] ^= 0x01;
        store.put(LocationLayout.RETENTION_KEY, sealed);
        Map<String, Long> before = Backups.objects(store);

        assertThatThrownBy(() -> new BackupDeleter(encrypted, CLOCK).delete("old"))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageStartingWith("the retention lock arca/retention.json in " + encrypted.describe() + " cannot be read")
                .hasMessageContaining("No backup of this location is deleted while it cannot be");
        assertThatThrownBy(() -> new BackupPruner(encrypted, CLOCK).prune(false))
                .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("arca/retention.json");
        assertThat(Backups.objects(store)).isEqualTo(before);
    }

    @Test
    void aPlaintextLockForgedIntoAnEncryptedLocationFailsClosedInsteadOfLiftingTheLock() {
        ObjectStore encrypted = new EncryptedObjectStore(store,
                LocationKeys.openOrCreate(store, "vault", "secret".toCharArray(), FAST, CLOCK));
        Backups.write(encrypted, "young", NOW.plus(Duration.ofDays(1)));
        RetentionLock.setAtLeast(encrypted, DAYS_30, NOW, "ops@host-a");
        store.put(LocationLayout.RETENTION_KEY, ("{\"formatVersion\":1,\"immutableFor\":\"PT1S\",\"setAt\":\"" + NOW
                + "\",\"setBy\":\"eve\"}").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new BackupDeleter(encrypted, CLOCK).delete("young"))
                .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("arca/retention.json");
        assertThat(LocationLayout.backupNames(encrypted)).containsExactly("young");
    }
}

package dev.arca.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.arca.archive.BackupLease;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.retention.PruneResult.Deleted;
import dev.arca.engine.retention.PruneResult.Kept;
import dev.arca.engine.retention.PruneResult.Why;
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

class BackupPrunerTest {
    private static final Instant NOW = Backups.NOW;
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;
    ObjectStore store;
    BackupPruner pruner;

    @BeforeEach
    void store() {
        store = new FilesystemObjectStore(dir);
        pruner = new BackupPruner(store, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void deletesExpiredBackupsAndKeepsTheOthersSayingWhy() {
        Backups.write(store, "old", NOW.minus(HOUR));
        Backups.write(store, "fresh", NOW.plus(HOUR));
        Backups.write(store, "forever", null);

        PruneResult result = pruner.prune(false);

        assertThat(result.at()).isEqualTo(NOW);
        assertThat(result.deleted()).containsExactly(new Deleted("old", NOW.minus(HOUR)));
        assertThat(result.kept()).containsExactly(
                new Kept("forever", null, Why.notExpired, "has no expiry"),
                new Kept("fresh", NOW.plus(HOUR), Why.notExpired, "expires at " + NOW.plus(HOUR)));
        assertThat(result.hasFailures()).isFalse();
        assertThat(store.list("backups/old/")).isEmpty();
        assertThat(LocationLayout.backupNames(store)).containsExactly("forever", "fresh");
    }

    @Test
    void movingTheClockPastTheExpiryPrunesWhatWasKept() {
        Backups.write(store, "fresh", NOW.plus(HOUR));
        assertThat(pruner.prune(false).deleted()).isEmpty();

        PruneResult later = new BackupPruner(store, Clock.fixed(NOW.plus(HOUR).plusSeconds(1), ZoneOffset.UTC)).prune(false);

        assertThat(later.deleted()).extracting(Deleted::backup).containsExactly("fresh");
        assertThat(store.list("backups/")).isEmpty();
    }

    @Test
    void keepsAnExpiredBackupARestoreIsReadingAndNamesTheRestoreAndItsLease() {
        Backups.write(store, "old", NOW.minus(HOUR));

        try (BackupLease lease = BackupLease.acquire(store, "old", "r1", Clock.fixed(NOW, ZoneOffset.UTC))) {
            Map<String, Long> before = Backups.objects(store);
            PruneResult result = pruner.prune(false);

            assertThat(result.deleted()).isEmpty();
            assertThat(result.kept()).containsExactly(new Kept("old", NOW.minus(HOUR), Why.leased, "expired at "
                    + NOW.minus(HOUR) + " but is being read by restore \"r1\" (lease until " + NOW.plus(BackupLease.DURATION) + ")"));
            assertThat(result.hasFailures()).as("a lease is a reason, not a failure").isFalse();
            assertThat(Backups.objects(store)).isEqualTo(before);
        }

        assertThat(pruner.prune(false).deleted()).extracting(Deleted::backup).containsExactly("old");
        assertThat(store.list("backups/old/")).as("the released lease took nothing with it").isEmpty();
    }

    @Test
    void theLapsedLeaseOfACrashedRestoreDoesNotBlockAndIsDeletedWithTheBackup() {
        Backups.write(store, "old", NOW.minus(HOUR));
        Backups.lease(store, "old", "crashed", NOW.minus(HOUR), NOW.minusSeconds(1));

        PruneResult result = pruner.prune(false);

        assertThat(result.deleted()).extracting(Deleted::backup).containsExactly("old");
        assertThat(store.list("backups/old/")).isEmpty();
    }

    @Test
    void pruningBackupADoesNotTouchBackupAbOrTheRestores() {
        Backups.write(store, "a", NOW.minus(HOUR));
        Backups.write(store, "ab", NOW.plus(HOUR));
        Backups.lease(store, "ab", "r1", NOW.minus(HOUR), NOW.minusSeconds(1));
        store.put(LocationLayout.restoreKey("a"), "{}".getBytes());
        Map<String, Long> before = Backups.objects(store);
        before.keySet().removeIf(key -> key.startsWith("backups/a/"));

        PruneResult result = pruner.prune(false);

        assertThat(result.deleted()).extracting(Deleted::backup).containsExactly("a");
        assertThat(Backups.objects(store)).isEqualTo(before);
    }

    @Test
    void aDryRunReportsWhatItWouldDeleteAndDeletesNothing() {
        Backups.write(store, "old", NOW.minus(HOUR));
        Backups.write(store, "leased", NOW.minus(HOUR));
        Backups.lease(store, "leased", "r1", NOW, NOW.plus(HOUR));
        Backups.write(store, "fresh", NOW.plus(HOUR));
        Map<String, Long> before = Backups.objects(store);

        PruneResult result = pruner.prune(true);

        assertThat(result.dryRun()).isTrue();
        assertThat(result.deleted()).extracting(Deleted::backup).containsExactly("old");
        assertThat(result.kept()).extracting(Kept::backup, Kept::why)
                .containsExactly(tuple("fresh", Why.notExpired), tuple("leased", Why.leased));
        assertThat(Backups.objects(store)).isEqualTo(before);
    }

    @Test
    void aBackupWhoseManifestCannotBeReadIsKeptAndCountsAsAFailure() {
        Backups.write(store, "broken", NOW.minus(HOUR));
        store.put(LocationLayout.manifestKey("broken"), "{not a manifest".getBytes());
        Map<String, Long> before = Backups.objects(store);

        PruneResult result = pruner.prune(false);

        assertThat(result.deleted()).isEmpty();
        assertThat(result.kept()).singleElement().satisfies(kept -> {
            assertThat(kept.why()).isEqualTo(Why.unreadable);
            assertThat(kept.reason()).contains("backup \"broken\": backup.json is not a valid manifest");
        });
        assertThat(result.hasFailures()).isTrue();
        assertThat(Backups.objects(store)).isEqualTo(before);
    }

    @Test
    void anEmptyLocationPrunesNothing() {
        PruneResult result = pruner.prune(false);

        assertThat(result.deleted()).isEmpty();
        assertThat(result.kept()).isEmpty();
    }
}

package dev.arca.archive;

import dev.arca.testkit.time.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupLeaseTest {
    private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;
    ObjectStore store;
    MovableClock clock;

    @BeforeEach
    void store() {
        store = new FilesystemObjectStore(dir);
        clock = new MovableClock(T);
    }

    private Lease stored(String backup, String holder) throws Exception {
        return ArchiveJson.mapper().readValue(store.getBytes(LocationLayout.leaseKey(backup, holder)), Lease.class);
    }

    private void put(Lease lease) throws Exception {
        store.put(LocationLayout.leaseKey(lease.backup(), lease.holder()), ArchiveJson.mapper().writeValueAsBytes(lease));
    }

    @Test
    void leaseKeysLiveInsideTheBackupsDirectory() {
        assertThat(LocationLayout.leasePrefix("nightly")).isEqualTo("backups/nightly/leases/");
        assertThat(LocationLayout.leaseKey("nightly", "r1")).isEqualTo("backups/nightly/leases/r1.json");
        assertThat(LocationLayout.isLeaseKey("nightly", "backups/nightly/leases/r1.json")).isTrue();
        assertThat(LocationLayout.isLeaseKey("nightly", "backups/nightly/leases/x/r1.json")).isFalse();
        assertThat(LocationLayout.isLeaseKey("night", "backups/nightly/leases/r1.json")).isFalse();
        assertThatThrownBy(() -> LocationLayout.leaseKey("nightly", "../../restores/r1"))
                .isInstanceOf(ArcaException.InvalidInput.class);
    }

    @Test
    void acquiringWritesTheLeaseAndClosingDeletesIt() throws Exception {
        BackupLease lease = BackupLease.acquire(store, "nightly", "r1", clock);

        assertThat(stored("nightly", "r1")).isEqualTo(new Lease("nightly", "r1", T, T.plus(BackupLease.DURATION)));
        assertThat(BackupLease.holding(store, "nightly", T)).containsExactly(lease.lease());

        lease.close();
        lease.close();
        assertThat(store.exists(LocationLayout.leaseKey("nightly", "r1"))).isFalse();
        assertThat(BackupLease.list(store, "nightly")).isEmpty();
    }

    @Test
    void renewingPushesExpiryFromTheClockAndKeepsTheAcquiredTime() throws Exception {
        try (BackupLease lease = BackupLease.acquire(store, "nightly", "r1", clock, Duration.ofMinutes(10), Duration.ofMinutes(5))) {
            clock.advance(Duration.ofMinutes(7));
            lease.renew();

            assertThat(stored("nightly", "r1")).isEqualTo(new Lease("nightly", "r1", T, T.plus(Duration.ofMinutes(17))));
            assertThat(lease.lease().expires()).isEqualTo(T.plus(Duration.ofMinutes(17)));
        }
    }

    @Test
    void theHeartbeatRenewsTheLeaseWithoutBeingAsked() throws Exception {
        try (BackupLease lease = BackupLease.acquire(store, "nightly", "r1", clock, HOUR, Duration.ofMillis(20))) {
            clock.advance(Duration.ofMinutes(30));
            Instant wanted = T.plus(Duration.ofMinutes(30)).plus(HOUR);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!stored("nightly", "r1").expires().equals(wanted) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(stored("nightly", "r1").expires()).isEqualTo(wanted);
        }
    }

    @Test
    void aClosedLeaseIsNeverWrittenAgain() {
        BackupLease lease = BackupLease.acquire(store, "nightly", "r1", clock, HOUR, Duration.ofMinutes(1));
        lease.close();

        lease.renew();

        assertThat(store.exists(LocationLayout.leaseKey("nightly", "r1"))).isFalse();
    }

    @Test
    void aLeaseMustBeRenewedMoreOftenThanItLasts() {
        assertThatThrownBy(() -> BackupLease.acquire(store, "nightly", "r1", clock, HOUR, HOUR))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("renewed more often");
        assertThat(BackupLease.list(store, "nightly")).isEmpty();
    }

    @Test
    void onlyUnexpiredLeasesHoldAndUnreadableOnesAreIgnored() throws Exception {
        put(new Lease("nightly", "crashed", T.minus(HOUR), T.minusSeconds(1)));
        put(new Lease("nightly", "running", T.minusSeconds(30), T.plus(Duration.ofMinutes(9))));
        put(new Lease("nightly", "ending-now", T.minus(HOUR), T));
        store.put(LocationLayout.leaseKey("nightly", "junk"), "not json".getBytes());
        store.put(LocationLayout.leasePrefix("nightly") + "notes.txt", "{}".getBytes());

        assertThat(BackupLease.list(store, "nightly")).extracting(Lease::holder)
                .containsExactly("crashed", "ending-now", "running");
        assertThat(BackupLease.holding(store, "nightly", T)).extracting(Lease::holder).containsExactly("running");
    }

    @Test
    void leasesNeitherListNorHideABackupAndDeletingItRemovesThem() throws Exception {
        TestBackups.write(store, "a", List.of(ItemKey.cluster("namespaces", "shop")));
        TestBackups.write(store, "ab", List.of(ItemKey.cluster("namespaces", "shop")));
        put(new Lease("a", "r1", T, T.plus(HOUR)));
        put(new Lease("ab", "r2", T, T.plus(HOUR)));
        put(new Lease("orphan", "r3", T, T.plus(HOUR)));

        assertThat(LocationLayout.backupNames(store)).containsExactly("a", "ab");

        LocationLayout.deleteBackup(store, "a");

        assertThat(store.list("backups/a/")).isEmpty();
        assertThat(BackupLease.list(store, "ab")).extracting(Lease::holder).containsExactly("r2");
        assertThat(LocationLayout.backupNames(store)).containsExactly("ab");
    }

    @Test
    void aLeaseCannotExpireBeforeItWasAcquired() {
        assertThatThrownBy(() -> new Lease("nightly", "r1", T, T.minusSeconds(1)))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("before it was acquired");
    }
}

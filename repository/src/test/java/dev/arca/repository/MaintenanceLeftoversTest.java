package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.maintenance.MaintenanceReport;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.files.FileTrees;
import dev.arca.testkit.time.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed backup leaves in the repository, and maintenance clearing it once older than the safety delay. */
class MaintenanceLeftoversTest {
    private static final Duration DELAY = Duration.ofHours(24);

    @TempDir
    Path dir;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private ObjectStore location;

    @BeforeEach
    void setUp() throws Exception {
        FileTrees.populate(dir.resolve("dead"), 30, 11);
        FileTrees.populate(dir.resolve("alive"), 30, 12);
        location = new FilesystemObjectStore(dir.resolve("location"));
        try (Repository repo = open()) {
            repo.backup(dir.resolve("dead"), "shop/one", "killed", Map.of());
            repo.backup(dir.resolve("alive"), "shop/two", "nightly", Map.of());
        }
    }

    private Repository open() {
        return Repository.open(location, RepositoryOptions.defaults().withPackSize(1 << 20).withClock(clock));
    }

    @Test
    void snapshotsOfABackupWithoutManifestAreForgottenOnceOlderThanTheSafetyDelayAndTheirDataDropped() throws Exception {
        clock.advance(Duration.ofHours(1));
        try (Repository repo = open()) {
            MaintenanceReport young = repo.maintain(DELAY, "nightly"::equals);
            assertThat(young.orphanSnapshotsForgotten()).as("younger than the delay: may be a backup still running").isZero();
            assertThat(repo.snapshots()).extracting(SnapshotSummary::backup).containsExactlyInAnyOrder("killed", "nightly");
        }

        clock.advance(DELAY);
        try (Repository repo = open()) {
            MaintenanceReport old = repo.maintain(DELAY, "nightly"::equals);
            assertThat(old.orphanSnapshotsForgotten()).isEqualTo(1);
            assertThat(old.chunksDropped()).as("the killed backup's data goes in the same run").isPositive();
            assertThat(repo.snapshots()).extracting(SnapshotSummary::backup).containsExactly("nightly");
            assertThat(repo.verify(1.0).problems()).isEmpty();
            String kept = repo.snapshots().get(0).id();
            repo.restore(kept, dir.resolve("restored"));
        }
        assertThat(FileTrees.describe(dir.resolve("restored"))).isEqualTo(FileTrees.describe(dir.resolve("alive")));
    }

    @Test
    void temporaryFilesOfKilledWritersGoOnceOlderThanTheSafetyDelayAndAWriteInProgressStays() throws Exception {
        Path root = dir.resolve("location");
        Path killed = leftover(root.resolve("repository/packs/ab/.arca-tmp-killed"), clock.instant().minus(DELAY).minusSeconds(60));
        Path writing = leftover(root.resolve("repository/packs/cd/.arca-tmp-writing"), clock.instant().minus(Duration.ofHours(1)));
        Path notRepository = leftover(root.resolve("backups/b/.arca-tmp-old"), clock.instant().minus(DELAY).minusSeconds(60));

        MaintenanceReport report;
        try (Repository repo = open()) {
            report = repo.maintain(DELAY);
            assertThat(repo.verify(1.0).problems()).isEmpty();
        }

        assertThat(report.abandonedWritesDeleted()).isEqualTo(1);
        assertThat(killed).doesNotExist();
        assertThat(writing).as("younger than the delay: a write in progress").exists();
        assertThat(notRepository).as("not the repository's").exists();
    }

    private static Path leftover(Path file, Instant modified) throws java.io.IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.write(file, new byte[] {1, 2, 3});
        java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(modified));
        return file;
    }

    @Test
    void aSnapshotWhoseBackupNameIsNotValidIsKeptAndTheOtherOrphansAreStillForgotten() throws Exception {
        FileTrees.populate(dir.resolve("odd"), 10, 13);
        try (Repository repo = open()) {
            repo.backup(dir.resolve("odd"), "shop/three", "Not_A_Backup/Name", Map.of());
        }
        clock.advance(DELAY.plusHours(1));
        try (Repository repo = open()) {
            // as the CLI asks: the manifest's key, which cannot be made from a name that is not a backup's
            MaintenanceReport report = repo.maintain(DELAY, backup -> {
                if (!backup.matches("[a-z0-9.-]+")) {
                    throw new dev.arca.api.ArcaException.InvalidInput("\"" + backup + "\" is not a valid backup name");
                }
                return backup.equals("nightly");
            });
            assertThat(report.orphanSnapshotsForgotten()).as("the killed backup's snapshot only").isEqualTo(1);
            assertThat(repo.snapshots()).extracting(SnapshotSummary::backup)
                    .containsExactlyInAnyOrder("nightly", "Not_A_Backup/Name");
            assertThat(repo.verify(1.0).problems()).isEmpty();
        }
    }

    @Test
    void maintenanceThatCannotTellWhetherABackupExistsForgetsNothing() {
        clock.advance(DELAY.plusHours(1));
        try (Repository repo = open()) {
            assertThatThrownBy(() -> repo.maintain(DELAY, backup -> {
                throw new dev.arca.api.ArcaException.Transient("cannot reach the location", null);
            })).hasMessageContaining("cannot reach the location");
            assertThat(repo.maintain(DELAY).orphanSnapshotsForgotten()).as("without a predicate every snapshot is kept").isZero();
            assertThat(repo.snapshots()).hasSize(2);
        }
    }
}

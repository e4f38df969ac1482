package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.repository.maintenance.VerifyReport;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ReadOnlyObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.files.FileTrees;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session reuses the index and snapshot list it read at open across volumes; no maintenance may
 * drop what they name meanwhile. Each test forgets a backup so that all its chunks are garbage,
 * runs maintenance with no safety delay, then backs up the same data again as another volume in
 * the first session: a snapshot naming a deleted chunk shows in a verify that reads every chunk.
 */
class RepositorySessionTest {
    @TempDir
    Path dir;
    private Path source;
    private ObjectStore location;

    @BeforeEach
    void setUp() throws Exception {
        source = dir.resolve("source");
        FileTrees.populate(source, 40, 7);
        location = new FilesystemObjectStore(dir.resolve("location"));
    }

    private static RepositoryOptions small() {
        return RepositoryOptions.defaults().withPackSize(1 << 20);
    }

    @Test
    void maintenanceFromAnotherSessionIsRefusedWhileASessionIsOpenSoNoSnapshotNamesADeletedChunk() {
        try (Repository first = Repository.open(location, small())) {
            first.backup(source, "shop/one", "b1", Map.of());
            assertThat(Repository.forgetBackup(location, "b1")).as("as 'arca backup delete b1' elsewhere").isEqualTo(1);
            try (Repository other = Repository.open(location, small())) {
                assertThatThrownBy(() -> other.maintain(Duration.ZERO)).isInstanceOf(ArcaException.class)
                        .hasMessageContaining("is busy: session by process " + ProcessHandle.current().pid());
            }
            SnapshotSummary two = first.backup(source, "shop/two", "b2", Map.of());
            assertThat(two.bytesStored()).as("deduplicated against volume one's chunks").isZero();
        }
        assertCleanAfterMaintenance();
    }

    @Test
    void aSessionWhoseLockWasLostRereadsTheIndexBeforeItsNextVolume() {
        try (Repository first = Repository.open(location, small())) {
            first.backup(source, "shop/one", "b1", Map.of());
            Repository.forgetBackup(location, "b1");
            Repository.unlock(location); // as 'arca repo unlock', or another process judging the session stale
            try (Repository other = Repository.open(location, small())) {
                assertThat(other.maintain(Duration.ZERO).chunksDropped()).as("the forgotten data is dropped").isPositive();
            }
            SnapshotSummary two = first.backup(source, "shop/two", "b2", Map.of());
            assertThat(two.bytesStored()).as("stored again: the chunks it knew were dropped").isPositive();
        }
        assertCleanAfterMaintenance();
    }

    @Test
    void maintenanceInTheSessionItselfLeavesItsIndexCurrentForTheNextVolume() {
        try (Repository session = Repository.open(location, small())) {
            session.backup(source, "shop/one", "b1", Map.of());
            session.forgetBackup("b1");
            assertThat(session.maintain(Duration.ZERO).chunksDropped()).isPositive();
            SnapshotSummary two = session.backup(source, "shop/two", "b2", Map.of());
            assertThat(two.bytesStored()).as("stored again: the chunks it knew were dropped").isPositive();
        }
        assertCleanAfterMaintenance();
    }

    @Test
    void maintenanceBetweenOpeningAndTheFirstVolumeIsSeenAndTheIndexReread() {
        try (Repository setup = Repository.open(location, small())) {
            setup.backup(source, "shop/one", "b1", Map.of());
        }
        try (Repository first = Repository.open(location, small())) {
            assertThat(location.list(RepositoryLock.PREFIX)).as("opening alone takes no lock").isEmpty();
            Repository.forgetBackup(location, "b1");
            try (Repository other = Repository.open(location, small())) {
                assertThat(other.maintain(Duration.ZERO).chunksDropped()).isPositive();
            }
            SnapshotSummary two = first.backup(source, "shop/two", "b2", Map.of());
            assertThat(two.bytesStored()).as("stored again: the index read at open named dropped chunks").isPositive();
        }
        assertCleanAfterMaintenance();
    }

    @Test
    void snapshotsAreListedFromALocationThatRefusesWritesWithoutTakingALock() {
        try (Repository setup = Repository.open(location, small())) {
            setup.backup(source, "shop/one", "b2", Map.of());
        }
        ObjectStore readOnly = new ReadOnlyObjectStore(location, "dr");
        try (Repository repo = Repository.open(readOnly, small())) {
            assertThat(repo.snapshots()).extracting(SnapshotSummary::backup).containsExactly("b2");
            assertThatThrownBy(() -> repo.backup(source, "shop/one", "b3", Map.of())).hasMessageContaining("is ReadOnly");
        }
        assertThat(location.list(RepositoryLock.PREFIX)).isEmpty();
    }

    /** Every chunk of every snapshot is there, before and after a maintenance that may drop garbage. */
    private void assertCleanAfterMaintenance() {
        try (Repository check = Repository.open(location, small())) {
            VerifyReport before = check.verify(1.0);
            assertThat(before.problems()).isEmpty();
            assertThat(before.chunksRead()).isEqualTo(before.chunks()).isPositive();
            check.maintain(Duration.ZERO);
            assertThat(check.verify(1.0).problems()).isEmpty();
            assertThat(check.snapshots()).extracting(SnapshotSummary::backup).containsExactly("b2");
        }
    }
}

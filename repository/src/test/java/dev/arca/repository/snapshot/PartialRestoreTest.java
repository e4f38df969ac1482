package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.repository.content.MemoryContentStore;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore whose file fails half-way leaves nothing of it in the target, and a second restore puts back what the first made. */
class PartialRestoreTest {

    @TempDir
    Path tmp;

    final ExecutorService pool = Executors.newFixedThreadPool(3);
    final MemoryContentStore store = new MemoryContentStore();
    final Snapshotter snapshotter = new Snapshotter(store, new ObjectWriter(store, SnapshotRoundTripTest.SMALL), pool, 4,
            Clock.systemUTC());
    final SnapshotRestorer restorer = new SnapshotRestorer(new ObjectReader(store), pool, 4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aFileWhoseContentCannotBeReadLeavesNothingUnderItsNameAndTheOthersAreRestored() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("parent/source"));
        byte[] large = new byte[200_000];
        new Random(1).nextBytes(large);
        Files.write(source.resolve("large"), large);
        Files.writeString(source.resolve("small"), "small");
        SnapshotResult snapshot = snapshotter.snapshot(new SnapshotRequest(source, "ns/claim", "b", Map.of(), null));
        assertThat(store.removeIf(chunk -> holds(large, chunk))).as("the large file's chunks").isPositive();

        Path target = tmp.resolve("parent/target");
        RestoreResult result = restorer.restore(snapshot.manifest(), target, RestoreOptions.ALL);

        assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.path()).isEqualTo("large"));
        assertThat(target.resolve("large")).as("nothing half-written left under its name").doesNotExist();
        assertThat(target.resolve("small")).hasContent("small");
        try (var names = Files.list(target)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactly("small");
        }
    }

    @Test
    void aSecondRestoreIntoTheSameTargetReplacesWhatTheFirstMade() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("parent/source"));
        Files.writeString(source.resolve("f"), "first");
        Path target = restore(source, tmp.resolve("parent/target"));
        Files.writeString(target.resolve("f"), "changed in the target since");

        restore(source, target);

        assertThat(target.resolve("f")).hasContent("first");
    }

    private Path restore(Path source, Path target) {
        SnapshotResult snapshot = snapshotter.snapshot(new SnapshotRequest(source, "ns/claim", "b", Map.of(), null));
        assertThat(snapshot.errors()).isEmpty();
        RestoreResult result = restorer.restore(snapshot.manifest(), target, RestoreOptions.ALL);
        assertThat(result.errors()).isEmpty();
        return target;
    }

    private static boolean holds(byte[] data, byte[] part) {
        for (int i = 0; i + part.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
                return true;
            }
        }
        return false;
    }
}

package dev.arca.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Range reads served from the cache of open files: right bytes under eviction, nothing left open. */
class FilesystemRangeReadTest {
    private static final int PACKS = 12;
    private static final int PACK_SIZE = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void concurrentRangeReadsOfMorePacksThanStayOpenReturnTheRightBytesAndCloseLeavesNoFileOpen() throws Exception {
        Path location = dir.resolve("location");
        long before = openDescriptorsUnder(location);
        FilesystemObjectStore store = new FilesystemObjectStore(location, 3);
        byte[][] packs = writePacks(store);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                readers.add(pool.submit(() -> readRandomRanges(store, packs, new Random(seed), 2_000)));
            }
            for (Future<Integer> r : readers) {
                assertThat(r.get()).isEqualTo(2_000);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.openReadFiles()).as("files kept open").isLessThanOrEqualTo(3);
        assertThat(openDescriptorsUnder(location)).as("open while the store is open").isGreaterThan(before);

        store.close();

        assertThat(openDescriptorsUnder(location)).as("descriptors of the location's files after close").isEqualTo(before);
    }

    @Test
    void aRangeReadAfterTheObjectIsReplacedOrDeletedThroughTheStoreSeesTheChange() {
        try (FilesystemObjectStore store = new FilesystemObjectStore(dir.resolve("location"), 4)) {
            store.put("repository/packs/ab/p", new byte[] {1, 2, 3, 4});
            assertThat(store.getRange("repository/packs/ab/p", 1, 2)).containsExactly(2, 3);

            store.put("repository/packs/ab/p", new byte[] {9, 8, 7, 6});
            assertThat(store.getRange("repository/packs/ab/p", 1, 2)).as("the new object, not the open old file").containsExactly(8, 7);

            store.delete("repository/packs/ab/p");
            assertThatThrownBy(() -> store.getRange("repository/packs/ab/p", 1, 2)).isInstanceOf(ArcaException.NotFound.class)
                    .hasMessageContaining("repository/packs/ab/p");
        }
    }

    @Test
    void aReaderInterruptedMidReadDoesNotBreakTheNextReaderOfTheSameFile() {
        try (FilesystemObjectStore store = new FilesystemObjectStore(dir.resolve("location"), 4)) {
            store.put("repository/packs/ab/p", new byte[] {1, 2, 3, 4});
            assertThat(store.getRange("repository/packs/ab/p", 0, 1)).containsExactly(1);
            Thread.currentThread().interrupt(); // the read on the shared channel closes it, as FileChannel does
            assertThatThrownBy(() -> store.getRange("repository/packs/ab/p", 0, 1)).isInstanceOf(ArcaException.class);
            assertThat(Thread.interrupted()).isTrue();

            assertThat(store.getRange("repository/packs/ab/p", 2, 2)).containsExactly(3, 4);
        }
    }

    private static byte[][] writePacks(FilesystemObjectStore store) {
        Random random = new Random(42);
        byte[][] packs = new byte[PACKS][PACK_SIZE];
        for (int i = 0; i < PACKS; i++) {
            random.nextBytes(packs[i]);
            store.put(key(i), packs[i]);
        }
        return packs;
    }

    private static int readRandomRanges(FilesystemObjectStore store, byte[][] packs, Random random, int reads) {
        int right = 0;
        for (int n = 0; n < reads; n++) {
            int pack = random.nextInt(PACKS);
            int offset = random.nextInt(PACK_SIZE - 1);
            int length = 1 + random.nextInt(Math.min(4096, PACK_SIZE - offset));
            byte[] got = store.getRange(key(pack), offset, length);
            right += Arrays.equals(got, Arrays.copyOfRange(packs[pack], offset, offset + length)) ? 1 : 0;
        }
        return right;
    }

    private static String key(int i) {
        return "repository/packs/" + String.format("%02x", i) + "/pack-" + i;
    }

    /** How many of this process's descriptors are open on files under {@code location}. */
    private static long openDescriptorsUnder(Path location) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(location);
                } catch (IOException e) {
                    return false; // the descriptor that lists the directory, closed meanwhile
                }
            }).count();
        }
    }
}

package dev.arca.repository.content;

import static dev.arca.repository.content.ChunkCodecTest.random;
import static dev.arca.repository.content.ChunkCodecTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackedContentStoreTest {
    static final PackOptions SMALL = PackOptions.defaults().withPackSize(16 * 1024);

    @TempDir
    Path dir;
    final RepositoryKeys keys = RepositoryKeys.generate();

    static List<byte[]> chunks(int n, long seed) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] d = i % 3 == 0 ? text(500 + i * 37) : random(200 + (i * 131) % 3000, seed * 1000 + i);
            java.nio.ByteBuffer.wrap(d).putLong(seed * 1000 + i); // distinct across seeds
            out.add(d);
        }
        return out;
    }

    @Test
    void chunksRoundTripAcrossReopen() {
        FilesystemObjectStore fs = new FilesystemObjectStore(dir);
        List<byte[]> data = chunks(120, 1);
        List<ChunkId> ids = new ArrayList<>();
        try (PackedContentStore store = PackedContentStore.open(keys, fs, SMALL)) {
            for (byte[] d : data) {
                ids.add(store.put(d, 0, d.length));
            }
        }
        assertThat(fs.list(RepositoryLayout.PACKS)).hasSizeGreaterThan(3);
        assertThat(Indexes.list(fs)).hasSameSizeAs(fs.list(RepositoryLayout.PACKS));
        try (PackedContentStore store = PackedContentStore.open(keys, fs, SMALL)) {
            assertThat(store.durableChunks()).isEqualTo(120);
            for (int i = 0; i < data.size(); i++) {
                assertThat(store.contains(ids.get(i))).isTrue();
                assertThat(store.get(ids.get(i))).isEqualTo(data.get(i));
            }
        }
    }

    @Test
    void chunksMadeDurableWhileTheIndexIsRereadStayKnown() {
        FilesystemObjectStore fs = new FilesystemObjectStore(dir);
        AtomicReference<Runnable> onIndexListing = new AtomicReference<>();
        ObjectStore store = new ForwardingObjectStore(fs) {
            @Override
            public List<ObjectInfo> list(String prefix) {
                List<ObjectInfo> listed = super.list(prefix);
                Runnable hook = prefix.startsWith(RepositoryLayout.INDEX) ? onIndexListing.getAndSet(null) : null;
                if (hook != null) {
                    hook.run(); // a backup's pack and index land after the listing, before the index is replaced
                }
                return listed;
            }
        };
        byte[] early = random(5_000, 50);
        byte[] late = random(5_000, 51);
        try (PackedContentStore content = PackedContentStore.open(keys, store, SMALL)) {
            ChunkId first = content.put(early, 0, early.length);
            ChunkId[] second = new ChunkId[1];
            onIndexListing.set(() -> {
                second[0] = content.put(late, 0, late.length);
                content.flush();
            });
            content.reload();
            assertThat(second[0]).isNotNull();
            assertThat(content.location(second[0])).isNotNull();
            assertThat(content.get(second[0])).isEqualTo(late);
            assertThat(content.get(first)).isEqualTo(early);
            assertThat(content.indexesGone()).isFalse();
            fs.delete(indexHolding(fs, content, second[0])); // written during the reread, and known: its loss is seen
            assertThat(content.indexesGone()).isTrue();
        }
    }

    @Test
    void aReloadForgetsIndexFilesThatAreGoneAndTheirChunks() {
        FilesystemObjectStore fs = new FilesystemObjectStore(dir);
        byte[] a = random(5_000, 60);
        byte[] b = random(5_000, 61);
        try (PackedContentStore content = PackedContentStore.open(keys, fs, SMALL)) {
            ChunkId first = content.put(a, 0, a.length);
            content.flush();
            ChunkId second = content.put(b, 0, b.length);
            content.flush();
            fs.delete(indexHolding(fs, content, first)); // what maintenance does before it drops a chunk
            assertThat(content.indexesGone()).isTrue();
            content.reload();
            assertThat(content.indexesGone()).isFalse(); // the deleted file is no longer among those known
            assertThat(content.location(first)).isNull();
            assertThat(content.contains(first)).isFalse(); // stored again if put again, not deduplicated against
            assertThat(content.get(second)).isEqualTo(b);
        }
    }

    /** The key of the one index file that lists {@code chunk}. */
    private static String indexHolding(ObjectStore fs, PackedContentStore content, ChunkId chunk) {
        List<String> holding = new ArrayList<>();
        for (String key : Indexes.list(fs)) {
            Indexes.read(fs, content.codec(), key, (id, loc) -> {
                if (id.equals(chunk)) {
                    holding.add(key);
                }
            });
        }
        assertThat(holding).hasSize(1);
        return holding.get(0);
    }

    @Test
    void aReusedBufferTakesEachChunkAfterOneFailedToDecode() throws Exception {
        FilesystemObjectStore fs = new FilesystemObjectStore(dir);
        byte[] damaged = random(20_000, 40);
        byte[] large = random(300_000, 41); // stored raw: longer stored than plain
        byte[] compressible = text(200_000); // stored compressed: shorter stored than plain
        byte[] small = random(3_000, 42);
        try (PackedContentStore store = PackedContentStore.open(keys, fs, PackOptions.defaults())) {
            ChunkId bad = store.put(damaged, 0, damaged.length);
            List<ChunkId> good = List.of(store.put(large, 0, large.length), store.put(compressible, 0, compressible.length),
                    store.put(small, 0, small.length));
            store.flush();
            ChunkLocation at = store.location(bad);
            Path pack = dir.resolve(RepositoryLayout.packKey(at.pack()));
            byte[] bytes = java.nio.file.Files.readAllBytes(pack);
            bytes[(int) at.offset() + at.length() / 2] ^= 1;
            java.nio.file.Files.write(pack, bytes);

            ChunkBuffer buffer = new ChunkBuffer();
            assertThatThrownBy(() -> store.get(bad, buffer)).isInstanceOf(ArcaException.Corrupt.class);
            List<byte[]> expected = List.of(large, compressible, small);
            for (int i = 0; i < good.size(); i++) { // larger than the damaged one, then smaller
                store.get(good.get(i), buffer);
                assertThat(java.util.Arrays.copyOf(buffer.array(), buffer.length())).as("chunk %d", i).isEqualTo(expected.get(i));
            }
        }
    }

    @Test
    void equalDataIsStoredOnceInASessionAndAcrossSessions() {
        InstrumentedStore fs = new InstrumentedStore(new FilesystemObjectStore(dir));
        byte[] d = random(5000, 7);
        try (PackedContentStore store = PackedContentStore.open(keys, fs, SMALL)) {
            ChunkId first = store.put(d, 0, d.length);
            assertThat(store.put(d.clone(), 0, d.length)).isEqualTo(first);
            store.flush();
            assertThat(store.stats()).isEqualTo(new ContentStats(2, 1, 10_000, 5000, ChunkCodec.storedLength(5000)));
        }
        long written = fs.packBytesWritten.get();
        try (PackedContentStore store = PackedContentStore.open(keys, fs, SMALL)) {
            store.put(d, 0, d.length);
            assertThat(store.stats().newChunks()).isZero();
        }
        assertThat(fs.packBytesWritten.get()).isEqualTo(written);
    }

    @Test
    void pendingChunkIsReadableBeforeFlushAndUnknownIsNotFound() {
        try (PackedContentStore store = PackedContentStore.open(keys, new FilesystemObjectStore(dir), SMALL)) {
            byte[] d = text(3000);
            ChunkId id = store.put(d, 0, d.length);
            assertThat(store.contains(id)).isTrue();
            assertThat(store.get(id)).isEqualTo(d);
            assertThatThrownBy(() -> store.get(store.idOf(d, 1, 10))).isInstanceOf(ArcaException.NotFound.class);
        }
    }

    @Test
    void concurrentPutsStoreEachDistinctChunkOnce() throws Exception {
        InstrumentedStore fs = new InstrumentedStore(new FilesystemObjectStore(dir));
        List<byte[]> shared = chunks(100, 2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (PackedContentStore store = PackedContentStore.open(keys, fs, SMALL.withUploadThreads(3))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<byte[]> own = chunks(50, 100 + t);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 150; i++) { // own and shared interleaved
                        byte[] d = i % 3 == 0 ? own.get(i / 3) : shared.get(i < 100 ? i : i - 100);
                        store.put(d, 0, d.length);
                    }
                    for (int i = 0; i < 50; i++) { // shared ones skipped above (multiples of 3), own again
                        byte[] d = i < 34 ? shared.get(3 * i) : own.get(i);
                        store.put(d, 0, d.length);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            store.flush();
            ContentStats stats = store.stats();
            assertThat(stats.chunks()).isEqualTo(4 * 200);
            assertThat(store.durableChunks()).isEqualTo(100 + 4 * 50);
            assertThat(stats.newChunks()).isEqualTo(100 + 4 * 50);
            assertThat(fs.packBytesWritten.get()).isEqualTo(stats.storedBytes());
            for (byte[] d : shared) {
                assertThat(store.get(store.idOf(d, 0, d.length))).isEqualTo(d);
            }
            for (int t = 0; t < 4; t++) { // every chunk intact, though ~40 packs were filled in reused buffers
                for (byte[] d : chunks(50, 100 + t)) {
                    assertThat(store.get(store.idOf(d, 0, d.length))).isEqualTo(d);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Until {@code writer} parks (blocked on a pack upload held by the test), at most 10 s. */
    private static void awaitWaiting(Thread writer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void putBlocksWhileTheMaximumOfPacksIsInFlight() throws Exception {
        InstrumentedStore fs = new InstrumentedStore(new FilesystemObjectStore(dir));
        CountDownLatch release = fs.holdPacks();
        PackOptions options = SMALL.withPackSize(4096).withMaxInFlightPacks(2).withUploadThreads(4)
                .withZstdLevel(0);
        try (PackedContentStore store = PackedContentStore.open(keys, fs, options)) {
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 40; i++) { // ~10 packs
                    byte[] d = random(1000, 500 + i);
                    store.put(d, 0, d.length);
                }
            });
            writer.start();
            awaitWaiting(writer);
            Thread.sleep(100);
            assertThat(writer.isAlive()).isTrue();
            assertThat(fs.packUploadsStarted.get()).isEqualTo(2);
            release.countDown();
            writer.join(10_000);
            assertThat(writer.isAlive()).isFalse();
            store.flush();
            assertThat(store.durableChunks()).isEqualTo(40);
            assertThat(fs.packsWritten.get()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void aPutInterruptedWhileWaitingToRollClaimsNothingAndTheSameDataIsStoredLater() throws Exception {
        InstrumentedStore fs = new InstrumentedStore(new FilesystemObjectStore(dir));
        CountDownLatch release = fs.holdPacks();
        PackOptions options = SMALL.withPackSize(4096).withMaxInFlightPacks(1).withUploadThreads(2)
                .withZstdLevel(0);
        byte[] last = random(3000, 999);
        try (PackedContentStore store = PackedContentStore.open(keys, fs, options)) {
            java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 3; i++) { // the second rolls the first pack (held), the third waits to roll again
                        byte[] d = i < 2 ? random(3000, 700 + i) : last;
                        store.put(d, 0, d.length);
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            writer.start();
            awaitWaiting(writer);
            writer.interrupt();
            writer.join(10_000);
            assertThat(failed.get()).isInstanceOf(ArcaException.Transient.class).hasMessageContaining("interrupted");
            assertThat(store.contains(store.idOf(last, 0, last.length))).as("no claim left behind").isFalse();

            release.countDown();
            store.put(last, 0, last.length);
            store.flush();
            assertThat(store.get(store.idOf(last, 0, last.length))).isEqualTo(last);
        }
        try (PackedContentStore reopened = PackedContentStore.open(keys, new FilesystemObjectStore(dir), options)) {
            assertThat(reopened.get(reopened.idOf(last, 0, last.length))).isEqualTo(last);
            assertThat(reopened.durableChunks()).isEqualTo(3);
        }
    }

    @Test
    void aCrashLeavesDurableChunksAndTheNextSessionStoresOnlyTheRest() {
        FilesystemObjectStore fs = new FilesystemObjectStore(dir);
        InstrumentedStore dying = new InstrumentedStore(fs).killAtIndexWrite(3);
        List<byte[]> data = chunks(60, 3);
        PackOptions serial = SMALL.withPackSize(8192).withMaxInFlightPacks(1).withUploadThreads(1);
        PackedContentStore first = PackedContentStore.open(keys, dying, serial);
        assertThatThrownBy(() -> {
            for (byte[] d : data) {
                first.put(d, 0, d.length);
            }
            first.flush();
        }).isInstanceOf(ArcaException.Transient.class).hasMessageContaining("simulated crash");
        assertThatThrownBy(first::close).isInstanceOf(ArcaException.Transient.class); // close reports it too

        assertThat(Indexes.list(fs)).hasSize(2);
        assertThat(fs.list(RepositoryLayout.PACKS)).hasSize(3); // the third pack is an orphan

        InstrumentedStore counting = new InstrumentedStore(fs);
        try (PackedContentStore second = PackedContentStore.open(keys, counting, serial)) {
            int durableBefore = second.durableChunks();
            assertThat(durableBefore).isBetween(1, 59);
            long storedBefore = 0;
            for (byte[] d : data) {
                ChunkLocation loc = second.location(second.idOf(d, 0, d.length));
                storedBefore += loc == null ? 0 : loc.length();
            }
            for (byte[] d : data) {
                second.put(d, 0, d.length);
            }
            second.flush();
            assertThat(second.stats().newChunks()).isEqualTo(60 - durableBefore);
            long total = 0;
            for (byte[] d : data) {
                ChunkId id = second.idOf(d, 0, d.length);
                assertThat(second.get(id)).isEqualTo(d);
                total += second.location(id).length();
            }
            assertThat(counting.packBytesWritten.get()).isEqualTo(total - storedBefore);
        }
    }
}

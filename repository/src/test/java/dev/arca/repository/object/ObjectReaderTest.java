package dev.arca.repository.object;

import static dev.arca.repository.object.FastCdcTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.repository.content.ChunkId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectReaderTest {
    private static final ChunkerParams SMALL = new ChunkerParams(2048, 8192, 32768);

    private final ExecutorService pool = Executors.newFixedThreadPool(6);
    private final HookedContentStore store = new HookedContentStore();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).as("pool threads ended").isTrue();
    }

    private ObjectReader reader(boolean prefetch) {
        return prefetch ? new ObjectReader(store, pool, 4) : new ObjectReader(store);
    }

    @ParameterizedTest(name = "prefetch={0}")
    @ValueSource(booleans = {false, true})
    void readsBackWhatWasWrittenThroughEveryEntryPoint(boolean prefetch) throws IOException {
        ObjectWriter writer = new ObjectWriter(store, SMALL);
        ObjectReader reader = reader(prefetch);
        for (int size : new int[] {0, 1, SMALL.min(), SMALL.max(), 3 << 20}) {
            byte[] data = random(size, size);
            ObjectRef ref = writer.write(data);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reader.copyTo(ref, out);
            assertThat(out.toByteArray()).as("copyTo, size %d", size).isEqualTo(data);
            assertThat(reader.readAll(ref)).as("readAll, size %d", size).isEqualTo(data);
            try (InputStream in = reader.open(ref)) {
                assertThat(readInPieces(in)).as("open, size %d", size).isEqualTo(data);
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void readsSharingTheReadersBuffersNeverSeeEachOthersChunks() throws Exception {
        ObjectWriter writer = new ObjectWriter(store, SMALL);
        ObjectReader reader = reader(true);
        List<byte[]> data = new ArrayList<>();
        List<ObjectRef> refs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            data.add(random(i % 3 == 0 ? 200_000 + i : 1000 + i, 100 + i)); // many chunks, or one
            refs.add(writer.write(data.get(i)));
        }
        // two streams open at once on one thread, read in turns: each holds its own buffer
        try (InputStream a = reader.open(refs.get(0)); InputStream b = reader.open(refs.get(3))) {
            ByteArrayOutputStream outA = new ByteArrayOutputStream();
            ByteArrayOutputStream outB = new ByteArrayOutputStream();
            byte[] piece = new byte[3000];
            for (int n = 0, m = 0; n >= 0 || m >= 0; ) {
                if ((n = n < 0 ? n : a.read(piece)) > 0) {
                    outA.write(piece, 0, n);
                }
                if ((m = m < 0 ? m : b.read(piece)) > 0) {
                    outB.write(piece, 0, m);
                }
            }
            assertThat(outA.toByteArray()).isEqualTo(data.get(0));
            assertThat(outB.toByteArray()).isEqualTo(data.get(3));
        }
        // many threads copying at once through the same reader, its buffers going round between them
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                int i = round % refs.size();
                done.add(callers.submit(() -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    reader.copyTo(refs.get(i), out);
                    assertThat(out.toByteArray()).as("object %d", i).isEqualTo(data.get(i));
                    assertThat(reader.readAll(refs.get(i))).as("object %d", i).isEqualTo(data.get(i));
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void prefetchKeepsTheOrderWhenEarlierChunksAreSlower() {
        byte[] data = random(3, 1 << 20);
        ObjectRef ref = new ObjectWriter(store, SMALL).write(data);
        ChunkId first = ref.chunks().get(0);
        store.getHook = id -> HookedContentStore.sleep(id.equals(first) ? 30 : (id.a() & 3));
        assertThat(reader(true).readAll(ref)).isEqualTo(data);
    }

    @Test
    void prefetchFetchesInParallelButNoMoreThanItsDepthAtOnce() {
        byte[] data = random(4, 1 << 20);
        ObjectRef ref = new ObjectWriter(store, SMALL).write(data);
        store.getHook = id -> HookedContentStore.sleep(1);
        assertThat(new ObjectReader(store, pool, 3).readAll(ref)).isEqualTo(data);
        assertThat(store.mostAtOnce.get()).isBetween(2, 3);
    }

    @Test
    void readsOfOneReaderShareItsFetchAheadDepth() throws IOException {
        List<byte[]> data = new ArrayList<>();
        List<ObjectRef> refs = new ArrayList<>();
        ObjectWriter writer = new ObjectWriter(store, SMALL);
        for (int i = 0; i < 4; i++) {
            data.add(random(20 + i, 400_000));
            refs.add(writer.write(data.get(i)));
            assertThat(refs.get(i).chunks()).as("object %d's chunks", i).hasSizeGreaterThan(6);
        }
        AtomicInteger gets = new AtomicInteger();
        store.getHook = id -> gets.incrementAndGet();
        // a fetch ahead runs when it is submitted, so what a read fetched is counted when it returns
        ObjectReader reader = new ObjectReader(store, Runnable::run, 3);
        List<InputStream> streams = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            streams.add(reader.open(refs.get(i)));
            assertThat(streams.get(i).read()).isEqualTo(data.get(i)[0] & 0xff);
        }
        // the first read took the reader's 3 permits; the others fetched only the chunk they read (3 each before)
        assertThat(gets.get()).isEqualTo(3 + 1 + 1 + 1);

        streams.get(0).close(); // gives its permits back: the next read that needs a chunk fetches 3 ahead
        InputStream second = streams.get(1);
        second.skipNBytes(second.available());
        gets.set(0);
        assertThat(second.read()).isGreaterThanOrEqualTo(0);
        assertThat(gets.get()).isEqualTo(3);

        for (int i = 1; i < 4; i++) { // the reads go on in turn and end with their own bytes
            byte[] rest = streams.get(i).readAllBytes();
            assertThat(rest).isEqualTo(Arrays.copyOfRange(data.get(i), data.get(i).length - rest.length, data.get(i).length));
            streams.get(i).close();
        }
        gets.set(0); // every permit came back
        try (InputStream again = reader.open(refs.get(3))) {
            assertThat(again.read()).isEqualTo(data.get(3)[0] & 0xff);
            assertThat(reader.aheadFree()).isZero();
        }
        assertThat(gets.get()).isEqualTo(3);
        assertThat(reader.aheadFree()).isEqualTo(3);
    }

    @Test
    void aReadThatFailsMidwayGivesItsPermitsBackAndItsStreamRefusesToSkipTheChunk() throws IOException {
        ObjectRef good = new ObjectWriter(store, SMALL).write(random(24, 400_000));
        List<ChunkId> ids = new ArrayList<>(good.chunks());
        assertThat(ids).hasSizeGreaterThan(8);
        ids.set(4, ChunkId.parse("cd".repeat(32)));
        ObjectRef broken = new ObjectRef(ids, good.length());
        ObjectReader reader = new ObjectReader(store, Runnable::run, 3);

        assertThatThrownBy(() -> reader.copyTo(broken, new ByteArrayOutputStream())).isInstanceOf(ArcaException.NotFound.class);
        assertThat(reader.aheadFree()).as("after copyTo failed").isEqualTo(3);
        assertThatThrownBy(() -> reader.readAll(broken)).isInstanceOf(ArcaException.NotFound.class);
        assertThat(reader.aheadFree()).as("after readAll failed").isEqualTo(3);

        InputStream in = reader.open(broken);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(ArcaException.NotFound.class);
        assertThatThrownBy(in::read).as("the next read does not skip the missing chunk").isInstanceOf(IOException.class)
                .hasMessageContaining("cannot go on").hasMessageContaining("NotFound");
        in.close();
        in.close();
        assertThat(reader.aheadFree()).as("after the stream closed, twice").isEqualTo(3);
        assertThat(reader.readAll(good)).hasSize((int) good.length());
    }

    @ParameterizedTest(name = "prefetch={0}")
    @ValueSource(booleans = {false, true})
    void aMissingChunkIsThrownAsTheStoresNotFound(boolean prefetch) {
        ObjectRef good = new ObjectWriter(store, SMALL).write(random(5, 200_000));
        List<ChunkId> ids = new ArrayList<>(good.chunks());
        ids.set(ids.size() / 2, ChunkId.parse("ab".repeat(32)));
        ObjectRef broken = new ObjectRef(ids, good.length());
        assertThatThrownBy(() -> reader(prefetch).copyTo(broken, new ByteArrayOutputStream()))
                .isInstanceOf(ArcaException.NotFound.class).hasMessageContaining("abab");
        assertThatThrownBy(() -> reader(prefetch).readAll(broken)).isInstanceOf(ArcaException.NotFound.class);
    }

    @Test
    void aLengthThatDoesNotMatchTheChunksIsCorrupt() throws IOException {
        ObjectRef good = new ObjectWriter(store, SMALL).write(random(6, 100_000));
        ObjectRef longer = new ObjectRef(good.chunks(), good.length() + 1);
        ObjectRef shorter = new ObjectRef(good.chunks(), good.length() - 1);
        for (ObjectRef bad : List.of(longer, shorter)) {
            assertThatThrownBy(() -> reader(true).copyTo(bad, new ByteArrayOutputStream()))
                    .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("reference says " + bad.length());
            assertThatThrownBy(() -> reader(false).readAll(bad)).isInstanceOf(ArcaException.Corrupt.class);
            try (InputStream in = reader(false).open(bad)) {
                assertThatThrownBy(in::readAllBytes).isInstanceOf(ArcaException.Corrupt.class);
            }
        }
    }

    @Test
    void aClosedStreamRefusesToReadAndDropsItsPrefetch() throws IOException {
        byte[] data = random(7, 1 << 20);
        ObjectRef ref = new ObjectWriter(store, SMALL).write(data);
        InputStream in = reader(true).open(ref);
        assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOf(data, 10));
        in.close();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    private static byte[] readInPieces(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] piece = new byte[5000];
        int first = in.read();
        if (first < 0) {
            return out.toByteArray();
        }
        out.write(first);
        for (int n; (n = in.read(piece, 0, piece.length)) > 0; ) {
            out.write(piece, 0, n);
        }
        return out.toByteArray();
    }
}

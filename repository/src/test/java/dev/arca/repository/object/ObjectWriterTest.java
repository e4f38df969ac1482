package dev.arca.repository.object;

import static dev.arca.repository.object.FastCdcTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.repository.content.ChunkBuffer;
import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.ContentStore;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectWriterTest {
    private static final ChunkerParams SMALL = new ChunkerParams(2048, 8192, 32768);
    private static final int[] SIZES = {0, 1, SMALL.min() - 1, SMALL.min(), SMALL.min() + 1, SMALL.max(), SMALL.max() + 1,
        2 * SMALL.max() + 3, 5 << 20};

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final AtomicInteger submitted = new AtomicInteger();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).as("pool threads ended").isTrue();
    }

    private ObjectWriter writer(ContentStore store, boolean parallel) {
        return writer(store, parallel, 6);
    }

    private ObjectWriter writer(ContentStore store, boolean parallel, int maxInFlight) {
        if (!parallel) {
            return new ObjectWriter(store, SMALL);
        }
        return new ObjectWriter(store, new ObjectWriter.Options(SMALL, task -> {
            submitted.incrementAndGet();
            pool.execute(task);
        }, maxInFlight));
    }

    @ParameterizedTest(name = "parallel={0}")
    @ValueSource(booleans = {false, true})
    void roundTripsStreamsOfEveryShapeWithTheChunksInStreamOrder(boolean parallel) throws IOException {
        HookedContentStore store = new HookedContentStore();
        ObjectWriter writer = writer(store, parallel);
        ObjectReader reader = new ObjectReader(store);
        for (int size : SIZES) {
            byte[] data = random(size, size);
            ObjectRef expected = expectedRef(store, data);

            ObjectRef fromStream = writer.write(new ByteArrayInputStream(data));
            ObjectRef fromArray = writer.write(data);
            ObjectRef fromTrickle = writer.write(new TrickleInputStream(data, size));

            assertThat(fromStream).as("size %d", size).isEqualTo(expected).isEqualTo(fromArray).isEqualTo(fromTrickle);
            assertThat(reader.readAll(fromStream)).as("size %d", size).isEqualTo(data);
        }
        assertThat(writer.write(new byte[0])).isEqualTo(ObjectRef.EMPTY);
        assertThat(writer.inFlight()).isZero();
    }

    @ParameterizedTest(name = "parallel={0}")
    @ValueSource(booleans = {false, true})
    void anExpectedLengthThatIsWrongChangesNothingButTheBuffer(boolean parallel) throws IOException {
        HookedContentStore store = new HookedContentStore();
        ObjectWriter writer = writer(store, parallel);
        for (int size : SIZES) {
            byte[] data = random(size + 7, size);
            ObjectRef expected = expectedRef(store, data);
            // a file grows or shrinks between its listing and its read: the stream, not the hint, decides
            for (long hint : new long[] {size, 0, size / 2, size + 1, 2L * size + 5, SMALL.max() - 1, -1}) {
                assertThat(writer.write(new ByteArrayInputStream(data), hint)).as("size %d, expected %d", size, hint)
                        .isEqualTo(expected);
                assertThat(writer.write(new TrickleInputStream(data, size), hint)).as("trickled, size %d, expected %d", size, hint)
                        .isEqualTo(expected);
            }
        }
        assertThat(writer.inFlight()).isZero();
    }

    /**
     * A partial chunk of max - 1 bytes with no cut in it at the end of a full read buffer: the writer must read
     * on, not store it as a chunk (the buffer is max + min(max, 1 MiB) bytes; the prefix's cuts end exactly where
     * that partial chunk begins).
     */
    @Test
    void aPartialChunkOfMaxMinusOneBytesWithoutACutWaitsForMoreBytes() throws IOException {
        FastCdc cdc = new FastCdc(SMALL);
        int max = SMALL.max();
        int prefixLength = Math.min(max, 1 << 20) + 1;
        byte[] data = new byte[prefixLength + 3 * max]; // zeros after the prefix: no cut before max
        boolean found = false;
        for (long seed = 0; seed < 100_000 && !found; seed++) {
            System.arraycopy(random(seed, prefixLength), 0, data, 0, prefixLength);
            int off = 0;
            while (off < prefixLength) {
                off += cdc.cut(data, off, data.length - off);
            }
            found = off == prefixLength;
        }
        assertThat(found).as("a prefix whose cuts end at its end").isTrue();
        HookedContentStore store = new HookedContentStore();
        assertThat(new ObjectWriter(store, SMALL).write(new ByteArrayInputStream(data)))
                .isEqualTo(new ObjectWriter(store, SMALL).write(data));
    }

    @Test
    void roundTripsAMultiMebibyteStreamWithTheDefaultChunker() throws IOException {
        HookedContentStore store = new HookedContentStore();
        byte[] data = random(42, 9 << 20);
        ObjectWriter writer = new ObjectWriter(store, ObjectWriter.Options.parallel(ChunkerParams.DEFAULT, pool, 2));
        ObjectRef ref = writer.write(new ByteArrayInputStream(data));
        assertThat(ref.length()).isEqualTo(data.length);
        assertThat(ref.chunks()).hasSizeGreaterThan(2);
        assertThat(ref).isEqualTo(new ObjectWriter(store, ChunkerParams.DEFAULT).write(data));
        assertThat(new ObjectReader(store).readAll(ref)).isEqualTo(data);
    }

    @Test
    void keepsChunkOrderWhenLaterChunksAreStoredFirst() throws IOException {
        HookedContentStore store = new HookedContentStore();
        byte[] data = random(9, 2 << 20);
        ObjectRef expected = expectedRef(store, data);
        store.putHook = (index, buf, off, len) -> HookedContentStore.sleep((buf[off] & 3) * 2L);
        ObjectRef ref = writer(store, true).write(new ByteArrayInputStream(data));
        assertThat(ref).isEqualTo(expected);
        assertThat(store.putThreads).as("puts ran on several threads").hasSizeGreaterThan(2);
    }

    @Test
    void aStreamShorterThanMinIsStoredInTheCallingThread() throws IOException {
        HookedContentStore store = new HookedContentStore();
        ObjectWriter writer = writer(store, true);
        writer.write(new ByteArrayInputStream(random(1, SMALL.min() - 1)));
        writer.write(random(2, 100));
        assertThat(submitted).hasValue(0);
        assertThat(store.putThreads).containsExactly(Thread.currentThread());
    }

    @Test
    void boundsChunksInFlightAndBuffersHeldWhateverTheStreamLength() throws IOException {
        HookedContentStore store = new HookedContentStore();
        int maxInFlight = 3;
        ObjectWriter writer = writer(store, true, maxInFlight);
        AtomicInteger mostInFlight = new AtomicInteger();
        store.putHook = (index, buf, off, len) -> mostInFlight.accumulateAndGet(writer.inFlight(), Math::max);
        byte[] data = random(4, 16 << 20);

        ObjectRef ref = writer.write(new ByteArrayInputStream(data));

        assertThat(ref.chunks()).hasSizeGreaterThan(1000);
        assertThat(mostInFlight.get()).isBetween(1, maxInFlight);
        // the pooled chunk buffers, and the read buffer for the chunks after the end of the stream
        assertThat(store.putArrays).hasSizeLessThanOrEqualTo(maxInFlight + 1);
        assertThat(store.mostAtOnce.get()).isLessThanOrEqualTo(maxInFlight + 1);
        assertThat(writer.inFlight()).isZero();
    }

    @Test
    void chunkCopiesAreSizedToTheLargestChunkNotToTheChunkersMaximum() throws IOException {
        HookedContentStore store = new HookedContentStore();
        ChunkerParams chunker = ChunkerParams.DEFAULT;
        ObjectWriter writer = new ObjectWriter(store, new ObjectWriter.Options(chunker, pool::execute, 4));
        byte[] data = random(7, 24 << 20);
        int largest = FastCdcTest.cuts(new FastCdc(chunker), data).stream().max(Integer::compare).orElseThrow();
        int bound = ChunkBuffer.pooledCapacity(largest);
        assertThat(bound).as("the data's largest chunk, rounded up, is below the maximum").isLessThan(chunker.max());
        int readBuffer = chunker.max() + (1 << 20);
        List<int[]> copies = java.util.Collections.synchronizedList(new ArrayList<>());
        store.putHook = (index, buf, off, len) -> {
            if (buf.length != readBuffer) {
                copies.add(new int[] {buf.length, len});
            }
        };

        assertThat(writer.write(new ByteArrayInputStream(data))).isEqualTo(expectedRef(store, data, chunker));

        assertThat(copies).as("chunks stored from copies (the first four take the four places in flight)").hasSizeGreaterThanOrEqualTo(4);
        for (int[] copy : copies) {
            assertThat(copy[0]).as("a copy holds its chunk").isGreaterThanOrEqualTo(copy[1]);
            assertThat(copy[0]).as("a copy's size").isLessThanOrEqualTo(bound);
        }
    }

    @ParameterizedTest(name = "parallel={0}")
    @ValueSource(booleans = {false, true})
    void aStreamLongerThanExpectedUnderAChunkerWhoseMaxIsBelowASmallBuffer(boolean parallel) throws IOException {
        ChunkerParams tiny = new ChunkerParams(64, 256, 1024); // a read buffer of 2 KiB, a small buffer of 4 KiB at least
        HookedContentStore store = new HookedContentStore();
        ObjectWriter writer = parallel ? new ObjectWriter(store, new ObjectWriter.Options(tiny, pool::execute, 4))
                : new ObjectWriter(store, tiny);
        for (int size : new int[] {100, 4095, 4096, 4097, 10_000, 50_000}) {
            byte[] data = random(size + 3, size);
            for (long hint : new long[] {10, 100, 900, size}) {
                assertThat(writer.write(new ByteArrayInputStream(data), hint)).as("size %d, expected %d", size, hint)
                        .isEqualTo(expectedRef(store, data, tiny));
            }
        }
    }

    @Test
    void smallStreamsWrittenAtOnceGetBuffersOfTheirOwnThatComeBackOnlyWhenTheirChunksAreStored() throws Exception {
        HookedContentStore store = new HookedContentStore();
        ObjectWriter writer = writer(store, true, 6);
        SplittableRandom rnd = new SplittableRandom(21);
        // chunks stored from the stream's buffer (the last ones, after its end) are slow to store: a buffer given back
        // and lent to another stream before they are stored would be stored with the other stream's bytes
        store.putHook = (index, buf, off, len) -> {
            if (index % 3 == 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<byte[]> inputs = new ArrayList<>();
            List<Future<ObjectRef>> refs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] data = random(1000 + i, 1 + rnd.nextInt(SMALL.max() - 1));
                inputs.add(data);
                refs.add(callers.submit(() -> writer.write(new ByteArrayInputStream(data), data.length)));
            }
            for (int i = 0; i < inputs.size(); i++) {
                assertThat(refs.get(i).get(60, TimeUnit.SECONDS)).as("stream %d", i).isEqualTo(expectedRef(store, inputs.get(i)));
            }
            assertThat(store.putArrays).as("buffers reused across streams").hasSizeLessThan(100);
            assertThat(writer.inFlight()).isZero();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void concurrentWritersShareTheExecutorAndEachGetsItsOwnChunks() throws Exception {
        HookedContentStore store = new HookedContentStore();
        ObjectWriter writer = writer(store, true, 4);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<byte[]> inputs = new ArrayList<>();
            List<Future<ObjectRef>> refs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] data = random(100 + i, (i % 3 == 0) ? 500 : (1 << 20) + i * 777);
                inputs.add(data);
                refs.add(callers.submit(() -> writer.write(new ByteArrayInputStream(data))));
            }
            for (int i = 0; i < inputs.size(); i++) {
                ObjectRef ref = refs.get(i).get(20, TimeUnit.SECONDS);
                assertThat(ref).isEqualTo(expectedRef(store, inputs.get(i)));
                assertThat(new ObjectReader(store).readAll(ref)).isEqualTo(inputs.get(i));
            }
            assertThat(writer.inFlight()).isZero();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void writersRunningOnTheirOwnExecutorDoNotDeadlock() throws Exception {
        HookedContentStore store = new HookedContentStore();
        ExecutorService one = Executors.newFixedThreadPool(2);
        try {
            ObjectWriter writer = new ObjectWriter(store, new ObjectWriter.Options(SMALL, one, 8));
            store.putHook = (index, buf, off, len) -> HookedContentStore.sleep(index % 50 == 0 ? 1 : 0);
            List<Future<ObjectRef>> refs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] data = random(i, 1 << 20);
                refs.add(one.submit(() -> writer.write(data)));
            }
            for (int i = 0; i < 4; i++) {
                assertThat(refs.get(i).get(20, TimeUnit.SECONDS).length()).isEqualTo(1 << 20);
            }
        } finally {
            one.shutdownNow();
        }
    }

    @ParameterizedTest(name = "from a stream={0}")
    @ValueSource(booleans = {true, false})
    void aFailingPutIsThrownAsItIsAndLeavesNoWorkBehind(boolean fromStream) throws Exception {
        HookedContentStore store = new HookedContentStore();
        ObjectWriter writer = writer(store, true, 6);
        AtomicReference<ArcaException> thrown = new AtomicReference<>();
        store.putHook = (index, buf, off, len) -> {
            HookedContentStore.sleep(index % 7 == 0 ? 1 : 0);
            if (index == 40) {
                thrown.set(new ArcaException.Transient("pack upload failed", new IOException("reset")));
                throw thrown.get();
            }
        };
        byte[] data = random(8, 8 << 20);

        assertThatThrownBy(() -> {
            if (fromStream) {
                writer.write(new ByteArrayInputStream(data));
            } else {
                writer.write(data);
            }
        }).isSameAs(thrown.get()).isInstanceOf(ArcaException.Transient.class);

        int putsWhenThrown = store.puts.get();
        assertThat(putsWhenThrown).as("stopped early, not after the whole stream").isLessThan(200);
        assertThat(writer.inFlight()).isZero();
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(store.puts).as("no put after write threw").hasValue(putsWhenThrown);
    }

    @Test
    void aFailingStreamIsThrownAndTheWriterStaysUsable() throws Exception {
        HookedContentStore store = new HookedContentStore();
        ObjectWriter writer = writer(store, true, 6);
        byte[] data = random(12, 4 << 20);
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(data)) {
            private int reads;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (++reads == 5) {
                    throw new IOException("disk read error");
                }
                return super.read(b, off, Math.min(len, 300_000));
            }
        };
        assertThatThrownBy(() -> writer.write(failing)).isInstanceOf(IOException.class).hasMessage("disk read error");
        assertThat(writer.inFlight()).isZero();
        assertThat(writer.write(new ByteArrayInputStream(data))).isEqualTo(expectedRef(store, data));
    }

    @Test
    void rejectsAnExecutorWithoutRoomInFlight() {
        assertThatThrownBy(() -> new ObjectWriter.Options(SMALL, pool, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxInFlight");
        assertThat(ObjectWriter.Options.parallel(SMALL, pool, 3).maxInFlight()).isEqualTo(5);
    }

    /** The ref a correct writer must produce: the chunker's cuts of the whole array, in order. */
    private static ObjectRef expectedRef(ContentStore store, byte[] data) {
        return expectedRef(store, data, SMALL);
    }

    private static ObjectRef expectedRef(ContentStore store, byte[] data, ChunkerParams chunker) {
        List<ChunkId> ids = new ArrayList<>();
        int off = 0;
        for (int n : FastCdcTest.cuts(new FastCdc(chunker), data)) {
            ids.add(store.idOf(data, off, n));
            off += n;
        }
        return new ObjectRef(ids, data.length);
    }

    /** Gives out the data in reads of random small sizes, as a pipe or a socket does. */
    private static final class TrickleInputStream extends InputStream {
        private final byte[] data;
        private final SplittableRandom rnd;
        private int pos;

        TrickleInputStream(byte[] data, long seed) {
            this.data = data;
            this.rnd = new SplittableRandom(seed);
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + rnd.nextInt(10_000)), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

}

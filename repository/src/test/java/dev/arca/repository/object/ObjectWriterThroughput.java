package dev.arca.repository.object;

import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.ContentStats;
import dev.arca.repository.content.ContentStore;
import dev.arca.repository.content.MemoryContentStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Prints ObjectWriter throughput, inline and parallel, into a store whose put only hashes
 * (SHA-256, about the real store's HMAC; without its zstd and AES-GCM, so the figures are an upper
 * bound) and keeps nothing. Run by hand, never asserts a time:
 * {@code java -cp target/classes:target/test-classes:$(deps) dev.arca.repository.object.ObjectWriterThroughput [MiB]}.
 */
public final class ObjectWriterThroughput {
    private ObjectWriterThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        byte[] data = new byte[mib << 20];
        new SplittableRandom(1).nextBytes(data);
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 4; round++) {
                measure("inline  ", new ObjectWriter(new HashingStore(), ChunkerParams.DEFAULT), data);
                measure("parallel", new ObjectWriter(new HashingStore(),
                        ObjectWriter.Options.parallel(ChunkerParams.DEFAULT, pool, threads)), data);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void measure(String label, ObjectWriter writer, byte[] data) throws IOException {
        long start = System.nanoTime();
        ObjectRef ref = writer.write(new ByteArrayInputStream(data));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s %.0f MiB/s, %d chunks%n", label, (data.length >> 20) / seconds, ref.chunks().size());
    }

    /** Hashes each chunk, like the id the real store computes, and keeps nothing. */
    private static final class HashingStore implements ContentStore {
        @Override
        public ChunkId put(byte[] data, int off, int len) {
            return idOf(data, off, len);
        }

        @Override
        public ChunkId idOf(byte[] data, int off, int len) {
            return MemoryContentStore.sha256(data, off, len);
        }

        @Override
        public boolean contains(ChunkId id) {
            return false;
        }

        @Override
        public byte[] get(ChunkId id) {
            throw new UnsupportedOperationException("a benchmark store keeps nothing");
        }

        @Override
        public void flush() {
        }

        @Override
        public ContentStats stats() {
            return ContentStats.EMPTY;
        }

        @Override
        public void close() {
        }
    }
}

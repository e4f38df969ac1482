package dev.arca.repository.object;

import dev.arca.api.ArcaException;
import dev.arca.repository.content.ChunkBuffer;
import dev.arca.repository.content.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Reads stored objects back in order. Thread-safe; each read fetches its chunks in order, or with
 * an executor up to {@code prefetch} chunks ahead in parallel, and all the reads of one reader
 * together hold at most {@code prefetch} chunks fetched ahead (plus the one each read is
 * consuming): a restore writing four large files at once held four times its fetch-ahead depth,
 * tens of MiB, for no more speed on a machine with a few cores. Chunks are read into
 * buffers the reader keeps for the next reads: at most {@code 2 * (prefetch + 1)} of them, each
 * as large as the largest chunk it held (at most {@code max} bytes). The bytes read are checked against the object's
 * length: a mismatch is {@link ArcaException.Corrupt}; errors of {@link ContentStore#get}
 * ({@link ArcaException.NotFound}, {@link ArcaException.Corrupt}) are thrown as they are.
 */
public final class ObjectReader {
    private final ContentStore store;
    private final Executor executor;
    private final int prefetch;
    /**
     * Chunk buffers for the next reads: a new array per chunk was as much garbage as data restored,
     * and each young collection copied the chunks fetched ahead. At most enough for the chunks
     * fetched ahead and about as many reads at once.
     */
    private final BlockingQueue<ChunkBuffer> buffers;
    /** Permits for chunks fetched ahead and not yet consumed, shared by every read. */
    private final Semaphore ahead;

    /** A reader that fetches each chunk when it is needed, in the calling thread. */
    public ObjectReader(ContentStore store) {
        this(store, null, 1);
    }

    /** A reader that fetches up to {@code prefetch} chunks ahead on {@code executor} (null: none). */
    public ObjectReader(ContentStore store, Executor executor, int prefetch) {
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, not " + prefetch);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.executor = executor;
        this.prefetch = prefetch;
        this.buffers = new ArrayBlockingQueue<>(2 * (prefetch + 1));
        this.ahead = new Semaphore(prefetch);
    }

    /** Writes the object's bytes to {@code out} (not closed). */
    public void copyTo(ObjectRef ref, OutputStream out) throws IOException {
        long copied = 0;
        try (ChunkPrefetcher chunks = chunks(ref)) {
            for (ChunkBuffer chunk; (chunk = chunks.next()) != null; ) {
                out.write(chunk.array(), 0, chunk.length());
                copied += chunk.length();
            }
        }
        checkLength(ref, copied);
    }

    /** The whole (small) object, e.g. a directory listing. */
    public byte[] readAll(ObjectRef ref) {
        if (ref.length() > Integer.MAX_VALUE - 8) {
            throw new ArcaException.InvalidInput("object of " + ref.length()
                    + " bytes is too large to read into memory; stream it with copyTo or open");
        }
        byte[] all = new byte[(int) ref.length()];
        int filled = 0;
        try (ChunkPrefetcher chunks = chunks(ref)) {
            for (ChunkBuffer chunk; (chunk = chunks.next()) != null; ) {
                if (chunk.length() > all.length - filled) {
                    checkLength(ref, (long) filled + chunk.length());
                }
                System.arraycopy(chunk.array(), 0, all, filled, chunk.length());
                filled += chunk.length();
            }
        } catch (InterruptedIOException e) {
            throw new UncheckedIOException(e);
        }
        checkLength(ref, filled);
        return all;
    }

    /**
     * The object as a stream. Close it (or read it to its end): until then the chunks it fetched
     * ahead hold permits that every read of this reader shares, and a stream dropped half-read
     * would leave later reads without fetching ahead.
     */
    public InputStream open(ObjectRef ref) {
        return new ObjectInputStream(ref, chunks(ref));
    }

    /** Permits free for fetching ahead (all of them when no read holds chunks fetched ahead); for tests. */
    int aheadFree() {
        return ahead.availablePermits();
    }

    private ChunkPrefetcher chunks(ObjectRef ref) {
        return new ChunkPrefetcher(store, ref.chunks(), executor, prefetch, ahead, buffers);
    }

    private static void checkLength(ObjectRef ref, long read) {
        if (read != ref.length()) {
            throw new ArcaException.Corrupt("object of " + ref.chunks().size() + " chunks holds " + read
                    + " bytes but its reference says " + ref.length() + "; the snapshot or the content index is damaged,"
                    + " run 'arca repository verify'");
        }
    }

    /** Reads chunk after chunk; checks the length at the end. */
    private static final class ObjectInputStream extends InputStream {
        private final ObjectRef ref;
        private final ChunkPrefetcher chunks;
        /** The current chunk is {@code chunk[0..limit)}, in the prefetcher's buffer until the next fetch. */
        private byte[] chunk = new byte[0];
        private int limit;
        private int pos;
        private long read;
        private boolean ended;
        private boolean closed;
        /** A fetch of this stream failed: it refuses to read on rather than skip the chunk. */
        private Throwable failed;

        ObjectInputStream(ObjectRef ref, ChunkPrefetcher chunks) {
            this.ref = ref;
            this.chunks = chunks;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return limit - pos;
        }

        /** True when a byte is ready in {@code chunk}. */
        private boolean fill() throws IOException {
            if (closed) {
                throw new IOException("stream of an object of " + ref.length() + " bytes is closed");
            }
            if (failed != null) {
                throw new IOException("stream of an object of " + ref.length() + " bytes failed at byte " + read
                        + " and cannot go on; open it again (" + failed.getClass().getSimpleName() + ")", failed);
            }
            while (pos == limit) {
                if (ended) {
                    return false;
                }
                ChunkBuffer nextChunk;
                try {
                    nextChunk = chunks.next();
                } catch (IOException | RuntimeException | Error e) {
                    // the chunk is lost to this stream: reading on would skip it, and hand out bytes with a gap
                    failed = e;
                    throw e;
                }
                if (nextChunk == null) {
                    ended = true;
                    checkLength(ref, read);
                    return false;
                }
                chunk = nextChunk.array();
                limit = nextChunk.length();
                pos = 0;
                read += limit;
            }
            return true;
        }

        @Override
        public void close() {
            closed = true;
            ended = true;
            chunk = new byte[0];
            limit = 0;
            pos = 0;
            chunks.close();
        }
    }
}

package dev.arca.repository.object;

import dev.arca.repository.content.ChunkBuffer;
import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cuts byte streams into chunks with {@link FastCdc} and stores them in a {@link ContentStore},
 * returning an {@link ObjectRef} with the chunks in stream order.
 *
 * <p>Contract:
 * <ul>
 *   <li>thread-safe: several threads may write streams at once; they share the executor, the
 *       in-flight bound and the buffers;</li>
 *   <li>parallel: with an executor, the calling thread reads and cuts while the executor stores
 *       (hashes, compresses, encrypts) earlier chunks. When {@link Options#maxInFlight()} chunks
 *       of all writers are already in the executor's hands, or for the last chunk of a stream,
 *       the calling thread stores the chunk itself, so a stream shorter than {@code min} never
 *       changes thread, and a waiting caller runs its own queued chunks rather than wait for them:
 *       the executor may be shared, even with the callers, without deadlock;</li>
 *   <li>bounded memory, whatever the stream's length: at most {@code maxInFlight} chunk buffers
 *       of at most {@code max} bytes for the writer (each as large as the largest chunk it has held,
 *       rounded up as {@link ChunkBuffer#pooledCapacity} does), plus one read buffer of {@code max}
 *       bytes and one read step (1 MiB) per stream being written, or for a stream expected to be
 *       shorter than that a buffer of its size class ({@link SmallBuffers}); buffers are pooled
 *       and reused. The stream is
 *       read on only when no cut is certain in what is buffered, and then only the partial chunk
 *       moves to the front;</li>
 *   <li>when {@code write} returns or throws, nothing of that stream is still being stored; the
 *       first error of {@link ContentStore#put} is thrown as it was (an
 *       {@link dev.arca.api.ArcaException} is not wrapped), and chunks not yet started are
 *       dropped. Chunks stored before the error stay in the store (unreferenced, as after a crash).</li>
 * </ul>
 */
public final class ObjectWriter {
    /** The most a single {@code read} asks of the stream, so a read buffer is filled in steps. */
    private static final int READ_STEP = 1 << 20;
    /**
     * Streams expected to be shorter get a buffer of about their own size ({@link SmallBuffers}, reused), where a
     * read buffer is the largest chunk and a read step.
     */
    private static final int OWN_BUFFER_BELOW = 1 << 20;

    /**
     * How a writer chunks and stores.
     *
     * @param chunker     the chunk size bounds
     * @param executor    where chunks are stored in parallel; {@code null} stores them inline, in
     *                    the calling thread
     * @param maxInFlight how many chunks of all streams may be handed to the executor and not yet
     *                    stored (each holds a buffer of up to {@code chunker.max()} bytes); ignored inline
     */
    public record Options(ChunkerParams chunker, Executor executor, int maxInFlight) {
        public Options {
            Objects.requireNonNull(chunker, "chunker");
            if (executor != null && maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1 with an executor, not " + maxInFlight);
            }
        }

        /** Stores every chunk in the calling thread. */
        public static Options inline(ChunkerParams chunker) {
            return new Options(chunker, null, 0);
        }

        /**
         * Stores chunks on {@code executor}, which runs {@code threads} at once; in flight: threads + 2 (each
         * in flight holds a chunk buffer of {@code max} bytes; 2 × threads + 2 was no faster on two cores and
         * held 8 MiB more).
         */
        public static Options parallel(ChunkerParams chunker, Executor executor, int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            return new Options(chunker, Objects.requireNonNull(executor, "executor"), threads + 2);
        }
    }

    private final ContentStore store;
    private final Options options;
    private final FastCdc cdc;
    private final Semaphore permits;
    private final Queue<byte[]> chunkBuffers = new ConcurrentLinkedQueue<>();
    private final Queue<byte[]> readBuffers = new ConcurrentLinkedQueue<>();
    private final SmallBuffers smallBuffers = new SmallBuffers();
    private final AtomicInteger idleReadBuffers = new AtomicInteger();
    private final int maxIdleReadBuffers;

    /** A writer that stores every chunk in the calling thread. */
    public ObjectWriter(ContentStore store, ChunkerParams params) {
        this(store, Options.inline(params));
    }

    public ObjectWriter(ContentStore store, Options options) {
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        this.cdc = new FastCdc(options.chunker());
        this.permits = options.executor() == null ? null : new Semaphore(options.maxInFlight());
        // about one per writing thread (threads + 1 with parallel's threads + 2 in flight)
        this.maxIdleReadBuffers = Math.max(2, options.maxInFlight() - 1);
    }

    public Options options() {
        return options;
    }

    /** Stores the stream, read to its end (not closed), and returns its chunks in order. */
    public ObjectRef write(InputStream in) throws IOException {
        return write(in, -1);
    }

    /**
     * As {@link #write(InputStream)}, for a stream expected to hold {@code expectedLength} bytes (a file's size
     * when listed; -1 when unknown). A short stream is read into a buffer of its own size rather than a
     * pooled one (the largest chunk and a read step), so many small files in flight cost no more
     * memory than their bytes; a stream that turns out longer than expected moves to a pooled buffer.
     */
    public ObjectRef write(InputStream in, long expectedLength) throws IOException {
        Objects.requireNonNull(in, "in");
        Pass pass = new Pass();
        int max = options.chunker().max();
        boolean small = expectedLength >= 0 && expectedLength < Math.min(max, OWN_BUFFER_BELOW);
        byte[] buf = small ? smallBuffers.take((int) expectedLength + 1) : takeReadBuffer();
        boolean pooled = !small;
        try {
            int start = 0;
            int end = 0;
            boolean eof = false;
            while (true) {
                int avail = end - start;
                int n = avail == 0 ? 0 : cdc.cut(buf, start, avail);
                if (!eof && avail < max && n == avail) {
                    // No cut is certain in what is buffered (a cut found there is where it would be with more
                    // bytes, so only this case waits): the partial chunk moves to the front, the rest is read.
                    System.arraycopy(buf, start, buf, 0, avail);
                    end = avail;
                    start = 0;
                    while (true) {
                        if (end == buf.length) {
                            if (pooled || end >= max) {
                                break; // a cut is certain in what is buffered (a small buffer may hold max bytes)
                            }
                            byte[] larger = takeReadBuffer(); // the stream is longer than it was expected to be
                            System.arraycopy(buf, 0, larger, 0, end);
                            byte[] outgrown = buf;
                            buf = larger;
                            pooled = true;
                            // before the end of the stream, every chunk cut from it was copied or stored inline
                            smallBuffers.give(outgrown);
                        }
                        int read = in.read(buf, end, Math.min(buf.length - end, READ_STEP));
                        if (read < 0) {
                            eof = true;
                            break;
                        }
                        end += read;
                    }
                    continue;
                }
                if (avail == 0) {
                    return pass.finish();
                }
                // after the end of the stream the buffer no longer moves: executor threads may read it
                pass.add(buf, start, n, eof, eof && n == avail);
                start += n;
            }
        } catch (Throwable t) {
            pass.abort();
            throw t;
        } finally {
            if (pooled) {
                giveReadBuffer(buf);
            } else {
                smallBuffers.give(buf); // the pass has ended: no chunk is still stored from it
            }
        }
    }

    /** Stores the array, which must not change until this returns. */
    public ObjectRef write(byte[] data) {
        return write(data, 0, data.length);
    }

    /** Stores {@code data[off..off+len)}, which must not change until this returns. */
    public ObjectRef write(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        Pass pass = new Pass();
        try {
            int end = off + len;
            for (int pos = off; pos < end; ) {
                int n = cdc.cut(data, pos, end - pos);
                pass.add(data, pos, n, true, pos + n == end);
                pos += n;
            }
            return pass.finish();
        } catch (InterruptedIOException e) {
            pass.abort();
            throw new UncheckedIOException(e);
        } catch (Throwable t) {
            pass.abort();
            throw t;
        }
    }

    /** Chunks handed to the executor and not yet stored, over all streams (0 inline). */
    int inFlight() {
        return permits == null ? 0 : options.maxInFlight() - permits.availablePermits();
    }

    /** One stream being written: its chunks in order, and the first failure of any of them. */
    private final class Pass {
        private final List<HelpedTask<ChunkId>> chunks = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private long length;

        /**
         * Stores {@code buf[off..off+len)}: here when {@code inline}, inline mode or no room in
         * flight; else on the executor, from {@code buf} itself when {@code stable} (it stays put
         * until the pass ends), from a pooled copy otherwise.
         */
        void add(byte[] buf, int off, int len, boolean stable, boolean inline) {
            Throwable failed = failure.get();
            if (failed != null) {
                throw HelpedTask.rethrow(failed);
            }
            length += len;
            if (inline || permits == null || !permits.tryAcquire()) {
                chunks.add(HelpedTask.done(store.put(buf, off, len)));
                return;
            }
            HelpedTask<ChunkId> task;
            if (stable) {
                task = new HelpedTask<>(() -> store.put(buf, off, len), permits::release);
            } else {
                byte[] copy;
                try {
                    copy = takeChunkBuffer(len);
                } catch (Throwable t) {
                    permits.release();
                    throw t;
                }
                System.arraycopy(buf, off, copy, 0, len);
                task = new HelpedTask<>(() -> store.put(copy, 0, len), () -> {
                    chunkBuffers.offer(copy);
                    permits.release();
                });
            }
            task.onFailure(t -> failure.compareAndSet(null, t));
            chunks.add(task);
            task.submit(options.executor());
        }

        /** The stored object; the caller runs chunks the executor has not started yet. */
        ObjectRef finish() throws InterruptedIOException {
            List<ChunkId> ids = new ArrayList<>(chunks.size());
            for (HelpedTask<ChunkId> chunk : chunks) {
                ids.add(chunk.await());
            }
            return new ObjectRef(ids, length);
        }

        /** Drops the chunks not started and waits for the running ones, so no work outlives the call. */
        void abort() {
            chunks.forEach(HelpedTask::cancel);
            chunks.forEach(HelpedTask::awaitQuietly);
        }
    }

    /**
     * A buffer of at least {@code len} bytes; called with a permit held, so never more than maxInFlight exist.
     * A pooled one too small for the chunk is dropped for a larger one: the pool's buffers grow to the largest
     * chunk seen, not to the chunker's maximum (4 MiB each, where the mixed benchmark's chunks reach 2.6 MiB).
     */
    private byte[] takeChunkBuffer(int len) {
        byte[] buf = chunkBuffers.poll();
        if (buf != null && buf.length >= len) {
            return buf;
        }
        return new byte[Math.max(len, Math.min(ChunkBuffer.pooledCapacity(len), options.chunker().max()))];
    }

    private byte[] takeReadBuffer() {
        byte[] buf = readBuffers.poll();
        if (buf != null) {
            idleReadBuffers.decrementAndGet();
            return buf;
        }
        int max = options.chunker().max();
        return new byte[Math.addExact(max, Math.min(max, READ_STEP))];
    }

    /** Keeps a few read buffers for the next streams; lets the others go. */
    private void giveReadBuffer(byte[] buf) {
        if (idleReadBuffers.incrementAndGet() <= maxIdleReadBuffers) {
            readBuffers.offer(buf);
        } else {
            idleReadBuffers.decrementAndGet();
        }
    }
}

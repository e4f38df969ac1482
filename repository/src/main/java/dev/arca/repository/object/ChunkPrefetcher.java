package dev.arca.repository.object;

import dev.arca.repository.content.ChunkBuffer;
import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.ContentStore;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * The chunks of one object in order, up to the next {@code depth} fetched ahead on an executor,
 * each fetch ahead holding a permit of {@code ahead} (shared by every read of one reader) until its
 * chunk is consumed: the chunks held ahead are bounded per reader, not per read, so many large
 * files restored at once hold no more than one read's depth. With no permit free the next chunk is fetched when
 * asked for, by the reading thread. Not thread-safe (one reader). Without an executor, with a
 * depth of 1, or for an object of one chunk, each chunk is fetched when asked for.
 *
 * <p>Chunks are read into buffers taken from {@code buffers} (a new one when it is empty); the
 * chunk {@link #next()} returned goes back at the next call or at {@link #close()}, so its reader
 * must be done with it by then. A buffer whose fetch was abandoned is left to the collector.
 */
final class ChunkPrefetcher implements AutoCloseable {
    private final ContentStore store;
    private final List<ChunkId> ids;
    private final Executor executor;
    private final int depth;
    private final Semaphore ahead;
    private final BlockingQueue<ChunkBuffer> buffers;
    /** Fetches ahead, in order; each holds a permit of {@link #ahead}. */
    private final ArrayDeque<HelpedTask<ChunkBuffer>> window = new ArrayDeque<>();
    private ChunkBuffer held;
    /** {@link #held} was fetched ahead, so it holds a permit until it is given back. */
    private boolean heldAhead;
    private int next;

    ChunkPrefetcher(ContentStore store, List<ChunkId> ids, Executor executor, int depth, Semaphore ahead,
                    BlockingQueue<ChunkBuffer> buffers) {
        this.store = store;
        this.ids = ids;
        // an object of one chunk (most files) is fetched by its reader: handing it to another thread to wait for it
        // cost a wake-up and a park per file
        this.executor = depth > 1 && ids.size() > 1 ? executor : null;
        this.depth = depth;
        this.ahead = ahead;
        this.buffers = buffers;
    }

    /** The next chunk's plaintext, valid until the next call or {@link #close()}; {@code null} after the last. */
    ChunkBuffer next() throws InterruptedIOException {
        giveBack();
        if (executor != null) {
            while (window.size() < depth && next < ids.size() && ahead.tryAcquire()) {
                ChunkId id = ids.get(next++);
                HelpedTask<ChunkBuffer> task = new HelpedTask<>(() -> fetch(id), () -> { });
                window.add(task);
                task.submit(executor);
            }
            HelpedTask<ChunkBuffer> head = window.poll();
            if (head != null) {
                try {
                    held = head.await();
                } catch (InterruptedIOException | RuntimeException | Error e) {
                    // the fetch put its buffer back (or, interrupted, finishes and drops it): its permit is free
                    ahead.release();
                    throw e;
                }
                heldAhead = true;
                return held;
            }
        }
        if (next >= ids.size()) {
            return null;
        }
        held = fetch(ids.get(next++));
        return held;
    }

    private ChunkBuffer fetch(ChunkId id) {
        ChunkBuffer chunk = Objects.requireNonNullElseGet(buffers.poll(), ChunkBuffer::new);
        try {
            store.get(id, chunk);
        } catch (RuntimeException | Error e) {
            buffers.offer(chunk);
            throw e;
        }
        return chunk;
    }

    private void giveBack() {
        if (held != null) {
            buffers.offer(held); // dropped when the pool is full
            held = null;
        }
        if (heldAhead) {
            heldAhead = false;
            ahead.release();
        }
    }

    /**
     * Drops the fetches not started; a started one finishes on its own and is discarded (its
     * permit is given back now: for a moment a reader may hold one chunk more per thread fetching).
     */
    @Override
    public void close() {
        window.forEach(HelpedTask::cancel);
        ahead.release(window.size());
        window.clear();
        giveBack();
    }
}

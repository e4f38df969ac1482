package dev.arca.repository.object;

import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.ContentStore;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The chunks of one object in order, the next {@code depth} fetched ahead on an executor. Holds
 * at most {@code depth} chunks; not thread-safe (one reader). Without an executor, with a depth
 * of 1, or for an object of one chunk, each chunk is fetched when asked for.
 */
final class ChunkPrefetcher implements AutoCloseable {
    private final ContentStore store;
    private final List<ChunkId> ids;
    private final Executor executor;
    private final int depth;
    private final ArrayDeque<HelpedTask<byte[]>> window = new ArrayDeque<>();
    private int next;

    ChunkPrefetcher(ContentStore store, List<ChunkId> ids, Executor executor, int depth) {
        this.store = store;
        this.ids = ids;
        // an object of one chunk (most files) is fetched by its reader: handing it to another thread to wait for it
        // cost a wake-up and a park per file
        this.executor = depth > 1 && ids.size() > 1 ? executor : null;
        this.depth = depth;
    }

    /** The next chunk's plaintext, or {@code null} after the last. */
    byte[] next() throws InterruptedIOException {
        if (executor == null) {
            return next < ids.size() ? store.get(ids.get(next++)) : null;
        }
        while (window.size() < depth && next < ids.size()) {
            ChunkId id = ids.get(next++);
            HelpedTask<byte[]> task = new HelpedTask<>(() -> store.get(id), () -> { });
            window.add(task);
            task.submit(executor);
        }
        HelpedTask<byte[]> head = window.poll();
        return head == null ? null : head.await();
    }

    /** Drops the fetches not started; a started one finishes on its own and is discarded. */
    @Override
    public void close() {
        window.forEach(HelpedTask::cancel);
        window.clear();
    }
}

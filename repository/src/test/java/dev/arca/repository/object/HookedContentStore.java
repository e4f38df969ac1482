package dev.arca.repository.object;

import dev.arca.repository.content.ChunkBuffer;
import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.ContentStats;
import dev.arca.repository.content.ContentStore;
import dev.arca.repository.content.MemoryContentStore;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link MemoryContentStore} that runs a hook before each put and get, and records what the
 * object layer did: puts made, arrays handed to put, threads that put, most puts or gets at once.
 */
final class HookedContentStore implements ContentStore {
    interface PutHook {
        void beforePut(int index, byte[] data, int off, int len);
    }

    interface GetHook {
        void beforeGet(ChunkId id);
    }

    final MemoryContentStore delegate = new MemoryContentStore();
    final AtomicInteger puts = new AtomicInteger();
    final Set<byte[]> putArrays = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    final Set<Thread> putThreads = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final AtomicInteger busy = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    volatile PutHook putHook = (index, data, off, len) -> { };
    volatile GetHook getHook = id -> { };

    @Override
    public ChunkId put(byte[] data, int off, int len) {
        enter();
        try {
            putArrays.add(data);
            putThreads.add(Thread.currentThread());
            putHook.beforePut(puts.getAndIncrement(), data, off, len);
            return delegate.put(data, off, len);
        } finally {
            busy.decrementAndGet();
        }
    }

    @Override
    public byte[] get(ChunkId id) {
        enter();
        try {
            getHook.beforeGet(id);
            return delegate.get(id);
        } finally {
            busy.decrementAndGet();
        }
    }

    @Override
    public void get(ChunkId id, ChunkBuffer into) {
        enter();
        try {
            getHook.beforeGet(id);
            delegate.get(id, into);
        } finally {
            busy.decrementAndGet();
        }
    }

    private void enter() {
        int now = busy.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
    }

    @Override
    public ChunkId idOf(byte[] data, int off, int len) {
        return delegate.idOf(data, off, len);
    }

    @Override
    public boolean contains(ChunkId id) {
        return delegate.contains(id);
    }

    @Override
    public void flush() {
    }

    @Override
    public ContentStats stats() {
        return delegate.stats();
    }

    @Override
    public void close() {
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

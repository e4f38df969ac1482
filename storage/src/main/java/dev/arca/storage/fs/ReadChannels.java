package dev.arca.storage.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small cache of files open for reading, so that range reads of the same file (chunks of one
 * pack) do not open and close it each time: at most {@code capacity} files stay open, the least
 * recently used going first. Positional reads on a {@link FileChannel} are thread-safe, so one
 * channel serves every reader. A channel dropped from the cache (evicted, invalidated, or the
 * cache closed) is closed once its last reader releases it. Thread-safe.
 */
final class ReadChannels implements AutoCloseable {
    private final int capacity;
    private final LinkedHashMap<Path, Handle> open = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;
    /** Counts invalidations: a channel opened while one happened may be of the file before it, and is not kept. */
    private long invalidations;

    /** A channel and how many readers use it now; closed when dropped and unused. */
    static final class Handle {
        private final FileChannel channel;
        private int users = 1;
        private boolean dropped;

        private Handle(FileChannel channel) {
            this.channel = channel;
        }

        FileChannel channel() {
            return channel;
        }
    }

    ReadChannels(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * The channel of {@code file}, opened if it is not open yet; give it back with {@link #release}.
     * After {@link #close} each call opens a channel of its own, closed at release.
     *
     * @throws java.nio.file.NoSuchFileException if the file is not there (and not open already)
     */
    Handle acquire(Path file) throws IOException {
        long seen;
        synchronized (this) {
            Handle cached = open.get(file);
            if (cached != null) {
                cached.users++;
                return cached;
            }
            seen = invalidations;
        }
        Handle fresh = new Handle(FileChannel.open(file)); // outside the lock: other files' readers need not wait
        List<Handle> unused = new ArrayList<>();
        Handle result;
        synchronized (this) {
            Handle raced = closed ? null : open.get(file);
            if (raced != null) { // another reader opened it meanwhile: use theirs
                raced.users++;
                fresh.users = 0;
                unused.add(fresh);
                result = raced;
            } else {
                if (closed || invalidations != seen) { // an invalidation raced the open: use it once, keep it not
                    fresh.dropped = true;
                } else {
                    open.put(file, fresh);
                    evictBeyondCapacity(unused);
                }
                result = fresh;
            }
        }
        closeAll(unused);
        return result;
    }

    /** Gives back a channel from {@link #acquire}; closes it if it was dropped and this was its last reader. */
    void release(Handle handle) {
        boolean close;
        synchronized (this) {
            handle.users--;
            close = handle.dropped && handle.users == 0;
        }
        if (close) {
            closeAll(List.of(handle));
        }
    }

    /**
     * Drops {@code file}'s channel, if open (closed now if unused, else at its last release), so the
     * next read opens the file again: after the file was replaced or deleted, or its channel failed.
     * Only {@code handle} is dropped when given (a reader that saw its channel fail), so a channel
     * opened since by another reader stays.
     */
    void invalidate(Path file, Handle handle) {
        List<Handle> unused = new ArrayList<>();
        synchronized (this) {
            invalidations++;
            Handle now = open.get(file);
            if (now != null && (handle == null || now == handle)) {
                open.remove(file);
                drop(now, unused);
            }
        }
        closeAll(unused);
    }

    /** How many channels the cache holds open. */
    synchronized int size() {
        return open.size();
    }

    /** Closes every unused channel now and the others at their last release; later reads open their own. */
    @Override
    public void close() {
        List<Handle> unused = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Handle h : open.values()) {
                drop(h, unused);
            }
            open.clear();
        }
        closeAll(unused);
    }

    private void evictBeyondCapacity(List<Handle> unused) {
        Iterator<Map.Entry<Path, Handle>> eldest = open.entrySet().iterator();
        while (open.size() > capacity && eldest.hasNext()) {
            Handle h = eldest.next().getValue();
            eldest.remove();
            drop(h, unused);
        }
    }

    private static void drop(Handle h, List<Handle> unused) {
        h.dropped = true;
        if (h.users == 0) {
            unused.add(h);
        }
    }

    private static void closeAll(List<Handle> handles) {
        for (Handle h : handles) {
            try {
                h.channel.close();
            } catch (IOException ignored) {
                // a read-only channel: nothing was buffered that closing could lose
            }
        }
    }
}

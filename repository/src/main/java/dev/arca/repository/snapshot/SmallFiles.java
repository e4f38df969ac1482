package dev.arca.repository.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The small files of a walk, read in batches: each file handed to the executor on its own cost more in
 * thread hand-offs (a queue, a wake-up, a permit back to the walk) than reading it; a profile of a
 * backup of 200,000 files of a few KiB put 19% of its CPU in parking and waking threads. The walk adds
 * files of one directory; a batch goes to the executor when it holds {@link #FILES} files or
 * {@link #BYTES} bytes, before the walk goes down into a subdirectory, and at the end of the directory
 * ({@link #flush}). A batch takes one read permit. Each file's future completes as it is read; a
 * failure fails the files after it in its batch too. Used by the walking thread only.
 */
final class SmallFiles {
    /** Files shorter than this are batched (one chunk at most: the chunker's minimum is 256 KiB). */
    static final long FILE_BELOW = 256 * 1024;
    static final int FILES = 32;
    static final long BYTES = 1 << 20;

    private final Executor executor;
    private final Consumer<String> acquire;
    private final Runnable release;
    private final Consumer<Throwable> onFailure;
    private final Batches<Item> batches = new Batches<>(this::send);

    /**
     * The grouping itself, shared by the backup's reads (here) and the restore's writes ({@link RestoreRun}): the
     * files of one directory gathered until {@link #FILES} files or {@link #BYTES} bytes, or the directory changes,
     * or {@link #flush}; each batch goes to {@code send}. Used by the walking thread only.
     */
    static final class Batches<T> {
        private final Consumer<List<T>> send;
        private List<T> batch = new ArrayList<>();
        private Object directory;
        private long bytes;

        Batches(Consumer<List<T>> send) {
            this.send = send;
        }

        void add(Object directory, T item, long size) {
            if (this.directory != directory) {
                flush();
                this.directory = directory;
            }
            batch.add(item);
            bytes += size;
            if (batch.size() >= FILES || bytes >= BYTES) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                send.accept(take());
            }
        }

        /** The files gathered and not sent, which are then no longer pending. */
        List<T> take() {
            List<T> items = batch;
            batch = new ArrayList<>();
            bytes = 0;
            return items;
        }
    }

    private record Item(Supplier<TreeEntry> read, CompletableFuture<TreeEntry> done) {
    }

    /**
     * @param acquire   takes a read permit (its argument names what waits, for an interruption's message)
     * @param release   gives a permit back
     * @param onFailure told of the first failure of a read (besides the file's future)
     */
    SmallFiles(Executor executor, Consumer<String> acquire, Runnable release, Consumer<Throwable> onFailure) {
        this.executor = executor;
        this.acquire = acquire;
        this.release = release;
        this.onFailure = onFailure;
    }

    /** Adds a file of {@code directory} (its reads go through that open directory); its entry completes when read. */
    CompletableFuture<TreeEntry> add(Object directory, Supplier<TreeEntry> read, long size) {
        CompletableFuture<TreeEntry> done = new CompletableFuture<>();
        batches.add(directory, new Item(read, done), size);
        return done;
    }

    /** Hands the files added so far to the executor (waiting for a permit). */
    void flush() {
        batches.flush();
    }

    private void send(List<Item> items) {
        try {
            acquire.accept("a batch of " + items.size() + " small files");
        } catch (RuntimeException | Error e) {
            failAll(items, e);
            throw e;
        }
        try {
            executor.execute(() -> run(items));
        } catch (RuntimeException | Error e) {
            release.run();
            failAll(items, e);
            throw e;
        }
    }

    /** Fails the files not yet handed over (the walk itself failed). */
    void fail(Throwable cause) {
        failAll(batches.take(), cause);
    }

    private void run(List<Item> items) {
        try {
            for (int i = 0; i < items.size(); i++) {
                try {
                    if (Thread.currentThread().isInterrupted()) { // the run is being stopped: the rest would fail one by one
                        throw new java.io.InterruptedIOException("the snapshot was stopped while its small files were read");
                    }
                    items.get(i).done().complete(items.get(i).read().get());
                } catch (Throwable t) {
                    onFailure.accept(t);
                    failAll(items.subList(i, items.size()), t);
                    return;
                }
            }
        } finally {
            release.run();
        }
    }

    private static void failAll(List<Item> items, Throwable cause) {
        CompletionException failed = cause instanceof CompletionException c ? c : new CompletionException(cause);
        items.forEach(item -> item.done().completeExceptionally(failed));
    }
}

package dev.arca.engine.restore;

import dev.arca.api.ArcaException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks on a fixed number of threads while bounding what waits for them, by count and by
 * bytes: {@link #execute} blocks the reader while the tasks queued or running hold more than the
 * byte budget (a task larger than the budget alone takes all of it), so a restore of large items
 * never holds more than about the budget in memory. {@link #close()} waits for every task.
 */
final class BoundedPool implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final Semaphore budget;
    private final int capacity;

    BoundedPool(int threads, int byteBudget) {
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads * 4),
                new ThreadPoolExecutor.CallerRunsPolicy());
        this.budget = new Semaphore(byteBudget);
        this.capacity = byteBudget;
    }

    /** Runs {@code task}, which holds {@code bytes}, once the budget has room for it. */
    void execute(int bytes, Runnable task) {
        int cost = Math.max(1, Math.min(bytes, capacity));
        budget.acquireUninterruptibly(cost);
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    budget.release(cost);
                }
            });
        } catch (RuntimeException e) {
            budget.release(cost);
            throw e;
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                throw new ArcaException("restore tier did not finish within an hour");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException("restore interrupted", e);
        }
    }
}

package dev.arca.server.controller;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long runs of this server process (backups, restores), at most {@code concurrency} at once,
 * by key ({@code backup/<namespace>/<name>}). A run started twice under one key runs once; a
 * cancelled run sees {@link Run#cancelled()} and is interrupted. A run not here does not run in
 * this process: after a crash or a failover that is how the reconcilers know to resume it.
 */
public final class Runs implements AutoCloseable {
    private final ExecutorService pool;
    private final Map<String, Run> running = new ConcurrentHashMap<>();

    /** One run: its cancel flag and, once submitted, its future. */
    public static final class Run {
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private volatile Future<?> future;

        public boolean cancelled() {
            return cancelled.get();
        }

        void cancel() {
            cancelled.set(true);
            Future<?> f = future;
            if (f != null) {
                f.cancel(true);
            }
        }
    }

    public Runs(int concurrency, String threadName) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code body} under {@code key} unless a run of that key is here; returns false when one is. */
    public boolean start(String key, java.util.function.Consumer<Run> body) {
        Run run = new Run();
        if (running.putIfAbsent(key, run) != null) {
            return false;
        }
        run.future = pool.submit(() -> {
            try {
                body.accept(run);
            } finally {
                running.remove(key, run);
            }
        });
        if (run.cancelled()) {
            run.future.cancel(true);
        }
        return true;
    }

    public boolean isRunning(String key) {
        return running.containsKey(key);
    }

    /** Asks the run of {@code key} to stop; returns false when none runs here. */
    public boolean cancel(String key) {
        Run run = running.get(key);
        if (run == null) {
            return false;
        }
        run.cancel();
        return true;
    }

    /** Waits up to {@code millis} for the run of {@code key} to end; true when none runs any more. */
    public boolean awaitEnd(String key, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (running.containsKey(key)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    public int size() {
        return running.size();
    }

    @Override
    public void close() {
        running.values().forEach(Run::cancel);
        pool.shutdownNow();
    }
}

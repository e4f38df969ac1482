package dev.arca.server.controller;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Runs.class);
    private final ExecutorService pool;
    private final Map<String, Run> running = new ConcurrentHashMap<>();

    /**
     * One run: its cancel flag, and its thread while it runs. A run that is abandoned (the process
     * stops) must leave everything as it is, for the next leader to resume.
     */
    public static final class Run {
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean abandoned = new AtomicBoolean();
        private volatile Thread thread;

        public boolean cancelled() {
            return cancelled.get() && !abandoned.get();
        }

        public boolean abandoned() {
            return abandoned.get();
        }

        synchronized void cancel() {
            cancelled.set(true);
            interrupt();
        }

        void abandon() {
            abandoned.set(true); // no interrupt: a run cut short would record a failure the next leader would find
        }

        private void interrupt() {
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }

        synchronized void attach(Thread t) {
            thread = t;
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

    /**
     * Starts {@code body} under {@code key} unless a run of that key is here; returns false when one
     * is. A queued run that is cancelled before it starts still runs its body, which sees
     * {@link Run#cancelled()} at once; so every key is removed when its body ends.
     */
    public boolean start(String key, java.util.function.Consumer<Run> body) {
        Run run = new Run();
        if (running.putIfAbsent(key, run) != null) {
            return false;
        }
        try {
            pool.execute(() -> {
                run.attach(Thread.currentThread());
                try {
                    body.accept(run);
                } catch (Throwable e) {
                    LOG.error("run {} ended with {}", key, e.getClass().getName(), e);
                } finally {
                    run.attach(null);
                    Thread.interrupted();
                    running.remove(key, run);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running.remove(key, run); // the process is stopping
            return false;
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

    /**
     * Abandons every run (the process stops or lost its lease): no run is interrupted or cancelled,
     * and one that ends before the process does writes no status; what the process leaves when it
     * exits is resumed by the next leader.
     */
    @Override
    public void close() {
        running.values().forEach(Run::abandon);
        pool.shutdown(); // the threads are daemons: they end with the process, as a kill would end them
    }
}

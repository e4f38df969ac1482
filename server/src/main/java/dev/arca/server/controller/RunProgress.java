package dev.arca.server.controller;

import dev.arca.engine.ProgressListener;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The engine's progress of one run, published at most every {@code everyMillis} (so a run of
 * 100k items writes a few dozen status patches, not 100k), and the run's cancel point: once the
 * run is cancelled, the next progress call throws, which ends the run between two items.
 */
final class RunProgress implements ProgressListener {
    private final Runs.Run run;
    private final BiConsumer<Long, Long> publish;
    private final long everyNanos;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong expected = new AtomicLong();
    private final AtomicLong lastPublished = new AtomicLong(System.nanoTime());

    RunProgress(Runs.Run run, long everyMillis, BiConsumer<Long, Long> publish) {
        this.run = run;
        this.publish = publish;
        this.everyNanos = everyMillis * 1_000_000L;
    }

    @Override
    public void step(String name) {
        checkCancelled();
    }

    @Override
    public void expect(long count) {
        expected.addAndGet(count);
        checkCancelled();
    }

    @Override
    public void itemDone() {
        done.incrementAndGet();
        checkCancelled();
        long last = lastPublished.get();
        long now = System.nanoTime();
        if (now - last >= everyNanos && lastPublished.compareAndSet(last, now)) {
            publish.accept(done.get(), expected.get());
        }
    }

    long done() {
        return done.get();
    }

    long expected() {
        return expected.get();
    }

    private void checkCancelled() {
        if (run.cancelled()) {
            throw new CancellationException("the run was cancelled");
        }
    }
}

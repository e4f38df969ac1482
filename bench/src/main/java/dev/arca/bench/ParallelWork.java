package dev.arca.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * Runs tasks {@code 0..count-1} on exactly {@code parallelism} threads, each taking the next
 * index when it is done with one: at most {@code parallelism} tasks are in flight and nothing is
 * queued, so memory stays flat however many tasks there are. The first failure stops the others
 * and is rethrown.
 */
final class ParallelWork {
    private static final long PROGRESS_NANOS = Duration.ofSeconds(15).toNanos();

    private ParallelWork() {
    }

    /**
     * @param progress called now and then (at most every 15 s, from a worker) with the tasks done
     * @return how long all tasks took
     */
    static Duration run(String what, int count, int parallelism, IntConsumer task, LongConsumer progress) {
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        long began = System.nanoTime();
        AtomicLong lastReport = new AtomicLong(began);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(parallelism, count); w++) {
            workers.add(new Thread(() -> {
                for (int i = next.getAndIncrement(); i < count && failure.get() == null; i = next.getAndIncrement()) {
                    try {
                        task.accept(i);
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    long d = done.incrementAndGet();
                    long now = System.nanoTime();
                    long last = lastReport.get();
                    if (now - last > PROGRESS_NANOS && lastReport.compareAndSet(last, now)) {
                        progress.accept(d);
                    }
                }
            }, what + "-" + w));
        }
        workers.forEach(Thread::start);
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + " interrupted", e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return Duration.ofNanos(System.nanoTime() - began);
    }
}

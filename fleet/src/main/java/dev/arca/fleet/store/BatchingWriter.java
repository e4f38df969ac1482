package dev.arca.fleet.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes records on the caller's thread without ever blocking it, and writes them to a
 * {@link Sink} in batches from one writer thread.
 *
 * <p>The queue is bounded: when it is full a record is dropped and counted ({@link #dropped()}),
 * with a warning at most once per {@link Options#warnEvery()}. A failing sink is retried with
 * exponential backoff, holding its batch (the queue absorbs new records meanwhile); a sink that
 * {@link Rejected rejects} a batch loses that batch, counted as dropped. {@link #close()} stops
 * taking records and gives the writer {@link Options#closeTimeout()} to write what is queued;
 * whatever is left then is counted as dropped.
 */
final class BatchingWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingWriter.class);

    /** Where batches go. Called from the writer thread only, one batch at a time. */
    interface Sink {
        /** Writes the whole batch or nothing; throws to have it retried, or {@link Rejected} to drop it. */
        void write(List<Object> batch) throws Exception;
    }

    /** Thrown by a sink for a batch that can never be written (bad data): the batch is dropped, not retried. */
    static final class Rejected extends Exception {
        Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param capacity     how many records wait at most before new ones are dropped
     * @param batchSize    how many records one write takes at most
     * @param minBackoff   the first wait after a failed write; doubled per failure
     * @param maxBackoff   the longest wait between retries
     * @param closeTimeout how long {@link #close()} waits for the queue to drain
     * @param warnEvery    at most one warning per kind (dropped, failing) in this period
     */
    record Options(int capacity, int batchSize, Duration minBackoff, Duration maxBackoff, Duration closeTimeout,
                   Duration warnEvery) {
        static final Options DEFAULT = new Options(100_000, 1_000, Duration.ofMillis(200), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofMinutes(1));

        Options {
            if (capacity < 1 || batchSize < 1) {
                throw new IllegalArgumentException("capacity and batch size must be positive, not " + capacity
                        + " and " + batchSize);
            }
            Objects.requireNonNull(minBackoff);
            Objects.requireNonNull(maxBackoff);
            Objects.requireNonNull(closeTimeout);
            Objects.requireNonNull(warnEvery);
        }
    }

    private final String name;
    private final Sink sink;
    private final Options options;
    private final BlockingQueue<Object> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final RateLimitedWarning droppedWarning;
    private final RateLimitedWarning failingWarning;
    private final Thread writer;
    private volatile boolean closing;

    BatchingWriter(String name, Sink sink, Options options, Clock clock) {
        this.name = name;
        this.sink = sink;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.capacity());
        this.droppedWarning = new RateLimitedWarning(clock, options.warnEvery());
        this.failingWarning = new RateLimitedWarning(clock, options.warnEvery());
        this.writer = new Thread(this::drain, "fleet-history-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues a record; returns false (and counts it as dropped) when the queue is full or the writer is closed. */
    boolean offer(Object record) {
        if (!closing && queue.offer(record)) {
            return true;
        }
        long total = dropped.incrementAndGet();
        if (droppedWarning.due()) {
            LOG.warn("{}: dropped a history record because {} ({} dropped so far); the hub goes on without it",
                    name, closing ? "the store is closed" : options.capacity() + " records wait already", total);
        }
        return false;
    }

    long dropped() {
        return dropped.get();
    }

    long written() {
        return written.get();
    }

    /** Records queued and not yet taken by the writer. */
    int pending() {
        return queue.size();
    }

    /** Stops taking records, waits up to the close timeout for the queue to drain, then counts what is left as dropped. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(options.closeTimeout().toMillis());
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join(1_000);
            }
        } catch (InterruptedException e) {
            writer.interrupt();
            Thread.currentThread().interrupt();
        }
        int left = queue.size();
        queue.clear();
        if (left > 0) {
            dropped.addAndGet(left);
            LOG.warn("{}: closed with {} history records unwritten ({} dropped in all)", name, left, dropped.get());
        }
    }

    private void drain() {
        List<Object> batch = new ArrayList<>(options.batchSize());
        while (!(closing && queue.isEmpty()) && !Thread.currentThread().isInterrupted()) {
            try {
                Object first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, options.batchSize() - 1);
                writeWithRetry(batch);
            } catch (InterruptedException e) {
                dropped.addAndGet(batch.size());
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeWithRetry(List<Object> batch) throws InterruptedException {
        long backoff = Math.max(1, options.minBackoff().toMillis());
        for (int attempt = 1; ; attempt++) {
            try {
                sink.write(List.copyOf(batch));
                written.addAndGet(batch.size());
                return;
            } catch (Rejected e) {
                long total = dropped.addAndGet(batch.size());
                LOG.warn("{}: the store rejected a batch of {} history records, which are dropped ({} dropped so far): {}",
                        name, batch.size(), total, e.getMessage());
                return;
            } catch (Exception e) {
                if (failingWarning.due()) {
                    LOG.warn("{}: cannot write {} history records (attempt {}), retrying in {} ms; {} more wait: {}",
                            name, batch.size(), attempt, backoff, queue.size(), e.toString());
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, Math.max(1, options.maxBackoff().toMillis()));
            }
        }
    }

    /** Says whether a warning is due: true at most once per period. */
    static final class RateLimitedWarning {
        private final Clock clock;
        private final long periodMillis;
        private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);

        RateLimitedWarning(Clock clock, Duration period) {
            this.clock = clock;
            this.periodMillis = period.toMillis();
        }

        boolean due() {
            long now = clock.millis();
            long next = nextAt.get();
            return now >= next && nextAt.compareAndSet(next, now + periodMillis);
        }
    }
}

package dev.arca.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.testkit.time.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BatchingWriterTest {
    private final List<Object> delivered = new CopyOnWriteArrayList<>();

    private static BatchingWriter.Options options(int capacity, int batchSize, Duration closeTimeout) {
        return new BatchingWriter.Options(capacity, batchSize, Duration.ofMillis(1), Duration.ofMillis(20),
                closeTimeout, Duration.ofMinutes(1));
    }

    @Test
    void dropsAndCountsRecordsWhenTheQueueIsFullInsteadOfBlockingTheCaller() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BatchingWriter.Sink stuck = batch -> {
            entered.countDown();
            release.await();
            delivered.addAll(batch);
        };
        try (BatchingWriter writer = new BatchingWriter("test", stuck, options(10, 100, Duration.ofSeconds(5)),
                Clock.systemUTC())) {
            assertThat(writer.offer("r0")).isTrue();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= 10; i++) {
                assertThat(writer.offer("r" + i)).as("record %d fits the queue", i).isTrue();
            }
            for (int i = 11; i <= 15; i++) {
                assertThat(writer.offer("r" + i)).as("record %d finds the queue full", i).isFalse();
            }
            assertThat(writer.dropped()).isEqualTo(5);

            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.written() == 11);
        }
        assertThat(delivered).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10");
    }

    @Test
    void retriesAFailingSinkUntilItTakesTheBatchLosingNothing() {
        AtomicInteger calls = new AtomicInteger();
        BatchingWriter.Sink flaky = batch -> {
            if (calls.incrementAndGet() <= 3) {
                throw new java.sql.SQLException("connection refused", "08001");
            }
            delivered.addAll(batch);
        };
        try (BatchingWriter writer = new BatchingWriter("test", flaky, options(100, 100, Duration.ofSeconds(5)),
                Clock.systemUTC())) {
            writer.offer("a");
            writer.offer("b");
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.written() == 2);
            assertThat(writer.dropped()).isZero();
        }
        assertThat(calls.get()).isGreaterThanOrEqualTo(4);
        assertThat(delivered).containsExactly("a", "b");
    }

    @Test
    void dropsABatchTheSinkRejectsAndGoesOnWithTheNext() {
        BatchingWriter.Sink picky = batch -> {
            if (batch.contains("bad")) {
                throw new BatchingWriter.Rejected("invalid byte sequence", null);
            }
            delivered.addAll(batch);
        };
        try (BatchingWriter writer = new BatchingWriter("test", picky, options(100, 100, Duration.ofSeconds(5)),
                Clock.systemUTC())) {
            writer.offer("bad");
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.dropped() == 1);
            writer.offer("good");
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.written() == 1);
        }
        assertThat(delivered).containsExactly("good");
    }

    @Test
    void closeWritesEverythingStillQueued() {
        BatchingWriter.Sink slow = batch -> {
            Thread.sleep(1);
            delivered.addAll(batch);
        };
        BatchingWriter writer = new BatchingWriter("test", slow, options(10_000, 10, Duration.ofSeconds(20)),
                Clock.systemUTC());
        for (int i = 0; i < 1_000; i++) {
            writer.offer(i);
        }

        writer.close();

        assertThat(writer.written()).isEqualTo(1_000);
        assertThat(writer.dropped()).isZero();
        assertThat(delivered).hasSize(1_000).startsWith(0, 1, 2).endsWith(998, 999);
    }

    @Test
    void closeGivesUpOnADeadSinkAfterItsTimeoutCountingWhatIsLeftAsDropped() {
        BatchingWriter.Sink dead = batch -> {
            throw new java.sql.SQLException("connection refused", "08001");
        };
        BatchingWriter writer = new BatchingWriter("test", dead, options(100, 10, Duration.ofMillis(200)),
                Clock.systemUTC());
        for (int i = 0; i < 50; i++) {
            assertThat(writer.offer(i)).isTrue();
        }

        writer.close();

        assertThat(writer.written()).isZero();
        assertThat(writer.dropped()).isEqualTo(50);
        assertThat(writer.offer("late")).isFalse();
        assertThat(writer.dropped()).isEqualTo(51);
    }

    @Test
    void warnsAtMostOncePerPeriod() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-06T00:00:00Z"));
        BatchingWriter.RateLimitedWarning warning = new BatchingWriter.RateLimitedWarning(clock, Duration.ofMinutes(1));

        assertThat(warning.due()).isTrue();
        assertThat(warning.due()).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(warning.due()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(warning.due()).isTrue();
        assertThat(warning.due()).isFalse();
    }
}

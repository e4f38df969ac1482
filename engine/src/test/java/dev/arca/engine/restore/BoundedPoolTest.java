package dev.arca.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedPoolTest {

    @Test
    void tasksWaitingOrRunningNeverHoldMoreBytesThanTheBudget() throws Exception {
        AtomicInteger held = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        try (BoundedPool pool = new BoundedPool(4, 100)) {
            for (int i = 0; i < 40; i++) {
                int bytes = 30;
                held.addAndGet(bytes); // counted as soon as the reader hands it over, as the archive's bytes are
                most.accumulateAndGet(held.get(), Math::max);
                pool.execute(bytes, () -> {
                    sleep(2);
                    ran.incrementAndGet();
                    held.addAndGet(-bytes);
                });
            }
        }
        assertThat(ran).hasValue(40);
        assertThat(most.get()).as("at most three 30-byte items fit in 100 bytes, plus the one being handed over").isLessThanOrEqualTo(120);
    }

    @Test
    void anItemLargerThanTheBudgetRunsAloneInsteadOfWaitingForever() throws Exception {
        CountDownLatch done = new CountDownLatch(2);
        try (BoundedPool pool = new BoundedPool(2, 100)) {
            pool.execute(1_000_000, done::countDown);
            pool.execute(1_000_000, done::countDown);
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.arca.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryingObjectStoreTest {
    @TempDir
    Path dir;

    private final List<Duration> sleeps = new ArrayList<>();
    private FlakyStore flaky;
    private RetryingObjectStore store;

    @BeforeEach
    void setUp() {
        flaky = new FlakyStore(new FilesystemObjectStore(dir));
        store = new RetryingObjectStore(flaky, 5, Duration.ofMillis(100), sleeps::add);
    }

    @AfterEach
    void tearDown() {
        Thread.interrupted(); // clear a flag a test left set
    }

    @Test
    void transientFailuresAreRetriedWithDoublingDelaysUntilTheOperationSucceeds() {
        flaky.failNext(4, () -> new ArcaException.Transient("503 from server", null));

        store.put("k", "v".getBytes());

        assertThat(flaky.calls.get()).isEqualTo(5);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800));
        assertThat(store.getBytes("k")).isEqualTo("v".getBytes());
    }

    @Test
    void givesUpAfterTheBoundWithATransientErrorSayingHowOftenItTried() {
        flaky.failNext(100, () -> new ArcaException.Transient("connection reset", null));

        assertThatThrownBy(() -> store.list("backups/"))
                .isInstanceOf(ArcaException.Transient.class)
                .hasMessageContaining("connection reset").hasMessageContaining("after 5 attempts");
        assertThat(flaky.calls.get()).isEqualTo(5);
        assertThat(sleeps).hasSize(4);
    }

    @Test
    void notFoundIsThrownAtOnceWithoutRetrying() {
        assertThatThrownBy(() -> store.get("missing")).isInstanceOf(ArcaException.NotFound.class);
        assertThatThrownBy(() -> store.getBytes("missing")).isInstanceOf(ArcaException.NotFound.class);

        assertThat(flaky.calls.get()).isEqualTo(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void invalidInputAndCorruptAreNotRetried() {
        flaky.failNext(1, () -> new ArcaException.InvalidInput("access denied"));
        assertThatThrownBy(() -> store.exists("k")).isInstanceOf(ArcaException.InvalidInput.class);
        flaky.failNext(1, () -> new ArcaException.Corrupt("checksum mismatch"));
        assertThatThrownBy(() -> store.delete("k")).isInstanceOf(ArcaException.Corrupt.class);

        assertThat(flaky.calls.get()).isEqualTo(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void getBytesRetriesAReadThatFailsMidStream() {
        flaky.put("obj", new byte[100_000]);
        flaky.breakNextStream();

        assertThat(store.getBytes("obj")).hasSize(100_000);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void aCreateWhoseAnswerWasLostButWhichLandedIsReportedAsCreated() {
        flaky.loseNextCreateAnswer();

        assertThat(store.createIfAbsent("repository/keys.json", "mine".getBytes())).isTrue();
        assertThat(sleeps).as("the lost answer was retried").hasSize(1);
        assertThat(store.createIfAbsent("repository/keys.json", "theirs".getBytes())).isFalse();
        assertThat(store.getBytes("repository/keys.json")).isEqualTo("mine".getBytes());
    }

    @Test
    void aStreamCutMidReadResumesWithARangeReadWhereItWasCut() throws IOException {
        byte[] data = new byte[300_000];
        new java.util.Random(3).nextBytes(data);
        flaky.put("packs/p", data);
        flaky.cutStreams(2, 100_000);

        try (InputStream in = store.get("packs/p")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(flaky.openedAt).containsExactly(0L, 100_000L, 200_000L);
        assertThat(sleeps).as("each cut waits once, the count of failures in a row starting again after progress")
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(100));
    }

    @Test
    void aStreamCutAgainAndAgainWithoutProgressGivesUpNamingTheObjectAndTheOffset() throws IOException {
        flaky.put("packs/p", new byte[50_000]);
        flaky.cutStreams(100, 0);

        try (InputStream in = store.get("packs/p")) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
                    .hasMessageContaining("packs/p").hasMessageContaining("at byte 0 5 times in a row");
        }
        assertThat(sleeps).hasSize(4);
    }

    @Test
    void delaysAreCappedAtTheMaximum() {
        RetryingObjectStore slow = new RetryingObjectStore(flaky, 20, Duration.ofSeconds(1), sleeps::add);

        assertThat(slow.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(slow.delayAfter(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(slow.delayAfter(5)).isEqualTo(RetryingObjectStore.MAX_DELAY);
        assertThat(slow.delayAfter(19)).isEqualTo(RetryingObjectStore.MAX_DELAY);
    }

    @Test
    void anInterruptWhileWaitingStopsRetryingAndKeepsTheInterruptFlag() {
        RetryingObjectStore interrupted = new RetryingObjectStore(flaky, 5, Duration.ofMillis(100), d -> {
            throw new InterruptedException();
        });
        flaky.failNext(3, () -> new ArcaException.Transient("timeout", null));

        assertThatThrownBy(() -> interrupted.exists("k")).isInstanceOf(ArcaException.Transient.class)
                .hasMessageContaining("interrupted");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(flaky.calls.get()).isEqualTo(1);
    }

    @Test
    void describeIsTheDelegates() {
        assertThat(store.describe()).isEqualTo("dir " + dir);
    }

    /** A real filesystem store that fails the next calls on demand, as a flaky network would. */
    private static final class FlakyStore implements ObjectStore {
        private final ObjectStore delegate;
        final AtomicInteger calls = new AtomicInteger();
        private int failures;
        private Supplier<ArcaException> failure;
        final List<Long> openedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        private int cuts;
        private long cutAfter;
        private boolean loseCreateAnswer;

        FlakyStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        void failNext(int n, Supplier<ArcaException> error) {
            failures = n;
            failure = error;
        }

        void loseNextCreateAnswer() {
            loseCreateAnswer = true;
        }

        void breakNextStream() {
            cutStreams(1, 0);
        }

        /** The next {@code count} streams fail after delivering {@code after} bytes each. */
        void cutStreams(int count, long after) {
            cuts = count;
            cutAfter = after;
        }

        private void call() {
            calls.incrementAndGet();
            if (failures > 0) {
                failures--;
                throw failure.get();
            }
        }

        @Override
        public String describe() {
            return delegate.describe();
        }

        @Override
        public void put(String key, byte[] data) {
            call();
            delegate.put(key, data);
        }

        @Override
        public boolean createIfAbsent(String key, byte[] data) {
            call();
            boolean created = delegate.createIfAbsent(key, data);
            if (loseCreateAnswer) {
                loseCreateAnswer = false;
                throw new ArcaException.Transient("connection reset before the answer to the create arrived", null);
            }
            return created;
        }

        @Override
        public ObjectWriter writer(String key) {
            call();
            return delegate.writer(key);
        }

        @Override
        public InputStream get(String key) {
            return get(key, 0);
        }

        @Override
        public InputStream get(String key, long offset) {
            call();
            openedAt.add(offset);
            InputStream in = delegate.get(key, offset);
            if (cuts <= 0) {
                return in;
            }
            cuts--;
            return new FilterInputStream(in) {
                private long left = cutAfter;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        throw new IOException("connection reset mid-read");
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    left -= Math.max(n, 0);
                    return n;
                }
            };
        }

        @Override
        public boolean exists(String key) {
            call();
            return delegate.exists(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) {
            call();
            return delegate.list(prefix);
        }

        @Override
        public void delete(String key) {
            call();
            delegate.delete(key);
        }
    }
}

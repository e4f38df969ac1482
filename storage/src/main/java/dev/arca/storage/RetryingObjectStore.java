package dev.arca.storage;

import dev.arca.api.ArcaException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decorator that retries an operation failing with {@link ArcaException.Transient}, with
 * exponential backoff (base delay, doubling, capped) up to a bounded number of attempts; then it
 * throws a {@code Transient} saying how many attempts were made. Other errors (NotFound,
 * InvalidInput, Corrupt, anything else) are thrown at once: retrying cannot change them.
 *
 * <p>What is retried: {@code put}, {@code getBytes} (the whole read), {@code exists}, {@code list},
 * {@code delete}, {@code deleteAbandonedWrites} (all idempotent), {@code createIfAbsent} (see there), the opening of {@code get} and
 * {@code writer}, and a stream returned by {@link #get(String)} that is cut mid-read, which resumes
 * where it was cut. What is not: the writes and commit of an {@link ObjectWriter}, whose bytes are
 * gone once written (providers retry single requests, such as the parts of an S3 upload,
 * themselves).
 */
public final class RetryingObjectStore implements ObjectStore {
    /** Waits between attempts; tests inject one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(200);
    public static final Duration MAX_DELAY = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(RetryingObjectStore.class);

    private final ObjectStore delegate;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Sleeper sleeper;

    /** Five attempts, waiting 0.2, 0.4, 0.8 and 1.6 s between them. */
    public RetryingObjectStore(ObjectStore delegate) {
        this(delegate, DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE_DELAY, d -> Thread.sleep(d.toMillis()));
    }

    /**
     * @param maxAttempts attempts in all, at least 1 (1: no retry)
     * @param baseDelay   the wait after the first failure; it doubles after each one, up to {@link #MAX_DELAY}
     * @param sleeper     how to wait
     */
    public RetryingObjectStore(ObjectStore delegate, int maxAttempts, Duration baseDelay, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (baseDelay.isNegative()) {
            throw new IllegalArgumentException("baseDelay must not be negative, got " + baseDelay);
        }
        this.delegate = delegate;
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.sleeper = sleeper;
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    Duration delayAfter(int attempt) {
        Duration delay = baseDelay;
        for (int i = 1; i < attempt && delay.compareTo(MAX_DELAY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void put(String key, byte[] data) {
        retry("write " + key, () -> {
            delegate.put(key, data);
            return null;
        });
    }

    /**
     * Retries the create; a {@code false} answer is then checked by reading the object back,
     * because an attempt that failed on the way back (here, or inside the provider's SDK) may have
     * landed, and its retry finds "its own" object. When the stored bytes are exactly {@code data},
     * the answer is {@code true}. So callers that must tell two creators apart put something unique
     * in the bytes (random keys, a lock's random id, or the random nonce of an encrypted object).
     */
    @Override
    public boolean createIfAbsent(String key, byte[] data) {
        return retry("create " + key, () -> delegate.createIfAbsent(key, data) || holdsExactly(key, data));
    }

    private boolean holdsExactly(String key, byte[] data) {
        try {
            return java.util.Arrays.equals(delegate.getBytes(key), data);
        } catch (ArcaException.NotFound e) {
            throw new ArcaException.Transient("object " + key + " in " + delegate.describe()
                    + " existed a moment ago but is gone now; creating it again", e);
        }
    }

    @Override
    public ObjectWriter writer(String key) {
        return retry("open a writer for " + key, () -> delegate.writer(key));
    }

    /**
     * Retries opening the object, and returns a stream that resumes a read cut mid-object: on an
     * I/O or transient failure it reopens the object at the first byte it has not delivered yet
     * ({@link ObjectStore#get(String, long)}, a range read), so its reader never sees the cut. It
     * gives up, with an {@link java.io.IOException}, after as many failures in a row (with no byte
     * read in between) as the store makes attempts. The object is assumed not to change while it is
     * read: Arca never rewrites an object under a reader, and an encrypted or checksummed object
     * would fail its check if it did.
     */
    @Override
    public InputStream get(String key) {
        return get(key, 0);
    }

    @Override
    public InputStream get(String key, long offset) {
        return new ResumingInputStream(this, key, offset, retry("read " + key, () -> delegate.get(key, offset)));
    }

    /** Reopens {@code key} at {@code offset} after failed attempt {@code failures} of a read, waiting first and logging why. */
    InputStream resume(String key, long offset, int failures, Exception cause) {
        Duration delay = delayAfter(failures);
        LOG.info("resuming the read of {} in {} at byte {} in {} ms (attempt {} of {} was cut): {}", key, delegate.describe(),
                offset, delay.toMillis(), failures, maxAttempts, cause.toString());
        ArcaException.Transient transientCause = cause instanceof ArcaException.Transient t ? t
                : new ArcaException.Transient("reading " + key + " was cut: " + cause.getMessage(), cause);
        pause(delay, transientCause);
        return retry("read " + key, () -> delegate.get(key, offset));
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /** Retries the whole read, so a failure mid-read is retried too. */
    @Override
    public byte[] getRange(String key, long offset, int length) {
        return retry("read " + key, () -> delegate.getRange(key, offset, length));
    }

    @Override
    public void getRange(String key, long offset, int length, byte[] into) {
        retry("read " + key, () -> {
            delegate.getRange(key, offset, length, into);
            return null;
        });
    }

    @Override
    public byte[] getBytes(String key) {
        return retry("read " + key, () -> delegate.getBytes(key));
    }

    @Override
    public boolean exists(String key) {
        return retry("check " + key, () -> delegate.exists(key));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return retry("list " + prefix, () -> delegate.list(prefix));
    }

    @Override
    public void delete(String key) {
        retry("delete " + key, () -> {
            delegate.delete(key);
            return null;
        });
    }

    /** Retried whole: each leftover is removed at most once, and a retry lists what is still there. */
    @Override
    public int deleteAbandonedWrites(String prefix, java.time.Instant olderThan) {
        return retry("remove abandoned writes under " + prefix, () -> delegate.deleteAbandonedWrites(prefix, olderThan));
    }

    @Override
    public boolean writable() {
        return delegate.writable();
    }

    @Override
    public boolean local() {
        return delegate.local();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <T> T retry(String what, Supplier<T> operation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.get();
            } catch (ArcaException.Transient e) {
                if (attempt >= maxAttempts) {
                    throw maxAttempts == 1 ? e : new ArcaException.Transient(e.getMessage() + " (gave up after "
                            + attempt + " attempts; try again later)", e);
                }
                Duration delay = delayAfter(attempt);
                LOG.info("retrying {} in {} in {} ms (attempt {} of {} failed): {}", what, delegate.describe(),
                        delay.toMillis(), attempt, maxAttempts, e.getMessage());
                pause(delay, e);
            }
        }
    }

    private void pause(Duration delay, ArcaException.Transient cause) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ArcaException.Transient(cause.getMessage() + " (interrupted while waiting to retry)", cause);
        }
    }
}

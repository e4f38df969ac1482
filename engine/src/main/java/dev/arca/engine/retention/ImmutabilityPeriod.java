package dev.arca.engine.retention;

import dev.arca.archive.RetentionLock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The immutability period in force for one location: the longer of the location's retention lock
 * ({@link RetentionLock}, which every client reads) and the period the caller was configured with
 * (a client's own config), with where it comes from, for messages.
 *
 * @param period zero when neither sets one
 * @param source where the period comes from, e.g. {@code retention lock arca/retention.json, set at T by U}
 */
public record ImmutabilityPeriod(Duration period, String source) {
    public static final ImmutabilityPeriod NONE = new ImmutabilityPeriod(Duration.ZERO, "none");

    /** The longer of {@code configured} (zero: none) and {@code lock}; the lock wins a tie, as it binds every client. */
    public static ImmutabilityPeriod of(Duration configured, Optional<RetentionLock> lock) {
        if (lock.isPresent() && lock.get().immutableFor().compareTo(configured) >= 0) {
            return new ImmutabilityPeriod(lock.get().immutableFor(), lock.get().source());
        }
        return configured.isZero() ? NONE : new ImmutabilityPeriod(configured, "this client's config of the location");
    }

    /** When a backup that started at {@code started} (null: unknown, so counted from now) may be deleted; null when it may be now. */
    public Instant until(Instant started, Instant now) {
        if (period.isZero()) {
            return null;
        }
        Instant until = (started == null ? now : started).plus(period);
        return until.isAfter(now) ? until : null;
    }

    /** For messages: {@code 30d (retention lock arca/retention.json, set at T by U)}. */
    public String describe() {
        return RetentionLock.human(period) + " (" + source + ")";
    }
}

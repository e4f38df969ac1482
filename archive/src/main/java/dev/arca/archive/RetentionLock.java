package dev.arca.archive;

import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A location's retention lock, {@link LocationLayout#RETENTION_KEY}: no backup of the location may be
 * deleted until {@code immutableFor} after it started. It lives in the location, not in one client's
 * config, so every client that opens the location honours it, and forgetting and re-adding the
 * location does not drop it.
 *
 * <p>Read and write it through the location's store as opened for backups: on an encrypted location
 * that is the encrypting store, so the lock is authenticated like every other object, and a forged,
 * altered or foreign one fails as {@link ArcaException.Corrupt}, never as "no lock". On an unencrypted
 * location anyone with write access to the store can change or delete it.
 *
 * <p>The period only ever grows through {@link #setAtLeast}: a shorter one is refused.
 *
 * @param formatVersion 1
 * @param immutableFor  how long after it started a backup may not be deleted; positive, at most 100 years
 * @param setAt         when this period was set
 * @param setBy         who set it ({@code user@host}, as the client saw itself)
 */
public record RetentionLock(int formatVersion, Duration immutableFor, Instant setAt, String setBy) {
    /** The longest period a lock takes: 100 years, as for every duration flag. */
    public static final Duration LONGEST = Duration.ofDays(36_500);

    public RetentionLock {
        if (formatVersion != 1 || immutableFor == null || immutableFor.isNegative() || immutableFor.isZero()
                || immutableFor.compareTo(LONGEST) > 0 || setAt == null || setBy == null) {
            throw new IllegalArgumentException("not a valid retention lock (format " + formatVersion + ", period "
                    + immutableFor + ", set at " + setAt + ")");
        }
    }

    /** A new lock of {@code period}, set now by {@code by}. */
    public static RetentionLock of(Duration period, Instant at, String by) {
        return new RetentionLock(1, period, at, by);
    }

    /**
     * The location's lock, or empty when it has none.
     *
     * @throws ArcaException.Corrupt when the object exists but cannot be authenticated or parsed: a
     *                               caller that deletes must then delete nothing (fail closed)
     */
    public static Optional<RetentionLock> read(ObjectStore store) {
        byte[] bytes;
        try {
            bytes = store.getBytes(LocationLayout.RETENTION_KEY);
        } catch (ArcaException.NotFound e) {
            return Optional.empty();
        } catch (ArcaException.Corrupt e) {
            throw unreadable(store, e.getMessage(), e);
        }
        try {
            return Optional.of(ArchiveJson.mapper().readValue(bytes, RetentionLock.class));
        } catch (IOException | RuntimeException e) {
            throw unreadable(store, "it is not a valid retention lock (" + firstLine(e) + ")", e);
        }
    }

    /**
     * Makes the location keep backups for at least {@code period}: creates the lock when there is
     * none (only if absent, so of two clients creating it at once one wins and the other compares
     * against it), keeps it when it is as long already, raises it when {@code period} is longer.
     *
     * @return the lock in force afterwards
     * @throws ArcaException.InvalidInput when the location keeps backups longer than {@code period}:
     *                                    the stored period wins and is never lowered
     * @throws ArcaException.Corrupt      when the stored lock cannot be read
     */
    public static RetentionLock setAtLeast(ObjectStore store, Duration period, Instant at, String by) {
        RetentionLock wanted = of(period, at, by);
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<RetentionLock> stored = read(store);
            if (stored.isEmpty()) {
                if (store.createIfAbsent(LocationLayout.RETENTION_KEY, json(wanted))) {
                    return wanted;
                }
                continue; // another client created it meanwhile: compare against theirs
            }
            RetentionLock current = stored.get();
            int order = period.compareTo(current.immutableFor());
            if (order < 0) {
                throw new ArcaException.InvalidInput("the location (" + store.describe() + ") already keeps backups immutable for "
                        + human(current.immutableFor()) + " (" + current.source() + "); a retention lock is never lowered, so "
                        + "--immutable-for " + human(period) + " is refused: leave the flag out or give at least "
                        + human(current.immutableFor()));
            }
            if (order == 0) {
                return current;
            }
            store.put(LocationLayout.RETENTION_KEY, json(wanted));
            return wanted;
        }
        throw new ArcaException.Transient("the retention lock " + LocationLayout.RETENTION_KEY + " in " + store.describe()
                + " kept changing while being set; try again", null);
    }

    /** Where the lock is and who set it when, for messages: {@code retention lock arca/retention.json, set at T by U}. */
    public String source() {
        return "retention lock " + LocationLayout.RETENTION_KEY + ", set at " + setAt + " by " + setBy;
    }

    /** A period as a person writes it: {@code 30d}, {@code 36h}, {@code 90m}, {@code 45s}. */
    public static String human(Duration d) {
        long s = d.getSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static byte[] json(RetentionLock lock) {
        try {
            return ArchiveJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(lock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + LocationLayout.RETENTION_KEY + ": " + e.getMessage(), e);
        }
    }

    private static ArcaException.Corrupt unreadable(ObjectStore store, String why, Exception cause) {
        return new ArcaException.Corrupt("the retention lock " + LocationLayout.RETENTION_KEY + " in "
                + store.describe() + " cannot be read: " + why + ". No backup of this location is deleted while it cannot be; "
                + "put back a good copy of the object, or, to drop the lock on purpose, delete the object with the "
                + "provider's own tools", cause);
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}

package dev.arca.engine.retention;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one prune did: the backups it deleted (or would delete, in a dry run) and the ones it kept,
 * each with the reason.
 *
 * @param at      the time expiry was judged against
 * @param dryRun  true when nothing was deleted and {@code deleted} lists what would have been
 * @param deleted the expired backups deleted, sorted by name
 * @param kept    the backups left in place and why, sorted by name
 */
public record PruneResult(Instant at, boolean dryRun, List<Deleted> deleted, List<Kept> kept) {

    public PruneResult {
        Objects.requireNonNull(at, "at");
        deleted = List.copyOf(deleted);
        kept = List.copyOf(kept);
    }

    /** True when a backup could not be judged or deleted because of an error (not merely kept). */
    public boolean hasFailures() {
        return kept.stream().anyMatch(k -> k.why() == Why.unreadable || k.why() == Why.failed);
    }

    /** Why a backup was kept. */
    public enum Why {
        /** Its expiry is later than {@code at}, or it has none. */
        notExpired,
        /** It has expired, but a restore holds an unexpired lease on it. */
        leased,
        /** Its manifest cannot be read, so its expiry is unknown. */
        unreadable,
        /** It has expired, but deleting it failed. */
        failed,
        /** It has expired, but its location keeps backups immutable for longer. */
        immutable
    }

    /**
     * @param backup  the backup's name
     * @param expires when it expired
     */
    public record Deleted(String backup, Instant expires) {
    }

    /**
     * @param backup  the backup's name
     * @param expires its expiry, or null when it has none or it is unknown
     * @param why     the kind of reason
     * @param reason  the reason in words, e.g. {@code expired at ... but is being read by restore "r1" (lease until ...)}
     */
    public record Kept(String backup, Instant expires, Why why, String reason) {
    }
}

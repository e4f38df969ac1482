package dev.arca.repository;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;

/**
 * The content of a lock object: who holds it and when it last showed it was alive.
 *
 * @param kind      what the holder does
 * @param process   a random id of the holding process, drawn once per process: what "own" means
 * @param host      the holder's host name, for people reading the lock
 * @param pid       the holder's process id on that host
 * @param pidNamespace the holder's PID namespace on Linux ({@code /proc/self/ns/pid}), or null: a pid
 *                  means the same process only on the same host in the same namespace
 * @param started   when the lock was taken (the holder's clock)
 * @param heartbeat when the holder last rewrote the lock (the holder's clock); null in locks of
 *                  versions without heartbeats, which are then stale only 24 h after {@code started}
 */
record LockHolder(RepositoryLock.Kind kind, String process, String host, long pid, String pidNamespace, Instant started,
                  Instant heartbeat) {
    /** When a lock without heartbeats (from a version before them) is stale: 24 h after it was taken, that version's rule. */
    static final Duration UNRENEWED_STALE_AFTER = Duration.ofHours(24);

    /** The last sign of life, or null when the lock carries no time at all. */
    @JsonIgnore
    Instant lastSeen() {
        return heartbeat != null ? heartbeat : started;
    }

    /**
     * Whether the holder missed enough heartbeats by {@code now} to be taken for dead. A lock with
     * no heartbeat was written by a version that never renews its lock, and may be held by a run
     * going for hours still: it keeps that version's rule, stale {@link #UNRENEWED_STALE_AFTER}
     * after it was taken.
     */
    boolean staleAt(Instant now, Duration staleAfter) {
        if (heartbeat == null) {
            return started.plus(UNRENEWED_STALE_AFTER.compareTo(staleAfter) > 0 ? UNRENEWED_STALE_AFTER : staleAfter).isBefore(now);
        }
        return heartbeat.plus(staleAfter).isBefore(now);
    }

    /** Whether {@code other} is this same lock as written by its holder (and not a lock someone else put there). */
    boolean sameHolder(LockHolder other) {
        return other != null && kind == other.kind && process != null && process.equals(other.process)
                && started != null && started.equals(other.started);
    }

    LockHolder beatAt(Instant now) {
        return new LockHolder(kind, process, host, pid, pidNamespace, started, now);
    }

    String describe() {
        return kind + " by process " + pid + " on " + host + (process == null ? "" : " (" + process + ")") + " since " + started
                + (heartbeat == null ? " (an older Arca that does not renew its lock: stale " + UNRENEWED_STALE_AFTER.toHours()
                + " h after it was taken)" : ", alive at " + heartbeat);
    }
}

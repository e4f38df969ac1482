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
 *                  versions without heartbeats, which then count from {@code started}
 */
record LockHolder(RepositoryLock.Kind kind, String process, String host, long pid, String pidNamespace, Instant started,
                  Instant heartbeat) {

    /** The last sign of life, or null when the lock carries no time at all. */
    @JsonIgnore
    Instant lastSeen() {
        return heartbeat != null ? heartbeat : started;
    }

    /** Whether the holder missed enough heartbeats by {@code now} to be taken for dead. */
    boolean staleAt(Instant now, Duration staleAfter) {
        return lastSeen().plus(staleAfter).isBefore(now);
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
                + ", alive at " + lastSeen();
    }
}

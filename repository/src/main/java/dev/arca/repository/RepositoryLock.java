package dev.arca.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Keeps maintenance away from backups, restores and verifies of the same repository, and each
 * maintenance away from the others: maintenance deletes what no snapshot names, which a running
 * backup may be reusing. A lock is an object {@code repository/locks/<kind>-<random>.json} naming
 * its holder; {@link Kind#maintain} conflicts with every lock, {@link Kind#verify} with backups
 * (a snapshot being written would look incomplete), and the rest share.
 *
 * <p>A lock left by a process that died is stale when it is older than {@link #STALE_AFTER}, or
 * when it names this host and a process that is no longer running; stale locks are ignored and
 * removed. Object stores have no compare-and-swap, so the check is made again after writing the
 * lock, which narrows the window to two writers starting in the same moment (both then back off).
 */
final class RepositoryLock implements AutoCloseable {
    static final String PREFIX = "repository/locks/";
    static final Duration STALE_AFTER = Duration.ofHours(24);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** What a lock holder does. */
    enum Kind { backup, restore, verify, maintain }

    /** The content of a lock object. */
    record Holder(Kind kind, String host, long pid, Instant started) {
        String describe() {
            return kind + " by process " + pid + " on " + host + " since " + started;
        }
    }

    private final ObjectStore store;
    private final String key;

    private RepositoryLock(ObjectStore store, String key) {
        this.store = store;
        this.key = key;
    }

    static RepositoryLock acquire(ObjectStore store, Kind kind, Clock clock) {
        refuseIfConflicting(store, kind, null, clock);
        Holder me = new Holder(kind, host(), ProcessHandle.current().pid(), clock.instant());
        String key = PREFIX + kind + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8)) + ".json";
        try {
            store.put(key, JSON.writeValueAsBytes(me));
        } catch (IOException e) {
            throw new ArcaException("cannot write the lock " + key + ": " + e.getMessage(), e);
        }
        try {
            refuseIfConflicting(store, kind, key, clock);
        } catch (RuntimeException e) {
            store.delete(key);
            throw e;
        }
        return new RepositoryLock(store, key);
    }

    /** Removes every lock, live or not: for a holder on another machine that is known to be gone. */
    static int removeAll(ObjectStore store) {
        List<ObjectStore.ObjectInfo> locks = store.list(PREFIX);
        locks.forEach(l -> store.delete(l.key()));
        return locks.size();
    }

    @Override
    public void close() {
        store.delete(key);
    }

    private static void refuseIfConflicting(ObjectStore store, Kind kind, String own, Clock clock) {
        List<String> conflicts = new ArrayList<>();
        for (ObjectStore.ObjectInfo info : store.list(PREFIX)) {
            if (info.key().equals(own)) {
                continue;
            }
            Holder other = read(store, info.key());
            if (other == null || stale(other, clock)) {
                store.delete(info.key());
                continue;
            }
            if (conflicts(kind, other.kind())) {
                conflicts.add(other.describe());
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ArcaException("the volume repository in " + store.describe() + " is busy: " + String.join("; ", conflicts)
                    + ". Run " + (kind == Kind.maintain ? "maintenance" : "this") + " again when that is done; if that process is"
                    + " gone for good (another machine that crashed), 'arca repo unlock' removes its lock");
        }
    }

    /** Maintenance excludes everything; a verify and a backup exclude each other; the rest share. */
    static boolean conflicts(Kind a, Kind b) {
        return a == Kind.maintain || b == Kind.maintain
                || (a == Kind.verify && b == Kind.backup) || (a == Kind.backup && b == Kind.verify);
    }

    private static Holder read(ObjectStore store, String key) {
        try {
            return JSON.readValue(store.getBytes(key), Holder.class);
        } catch (ArcaException.NotFound e) {
            return null; // released meanwhile
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: not a lock this code wrote
        }
    }

    private static boolean stale(Holder h, Clock clock) {
        if (h.started() == null || h.started().plus(STALE_AFTER).isBefore(clock.instant())) {
            return true;
        }
        return host().equals(h.host()) && ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}

package dev.arca.repository;

import com.fasterxml.jackson.databind.DeserializationFeature;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps maintenance away from backups, restores and verifies of the same repository, and each
 * maintenance away from the others: maintenance deletes what no snapshot names, which a running
 * backup may be reusing. A lock is an object {@code repository/locks/<kind>-<random>.json} holding
 * a {@link LockHolder}; {@link Kind#maintain} conflicts with every lock, {@link Kind#verify} with
 * backups (a snapshot being written would look incomplete), and the rest share.
 *
 * <p>Contract:
 * <ul>
 *   <li>while open, a daemon thread rewrites the lock every {@link Timing#heartbeatEvery()} with
 *       a new {@code heartbeat} time, so a holder that runs for days stays live; a beat that fails
 *       is logged and retried at the next one;</li>
 *   <li>a lock is stale, and is removed by the next process that takes one, when its heartbeat is
 *       older than {@link Timing#staleAfter()} (several beats missed); the clocks of the machines
 *       sharing a repository must agree to well within {@code staleAfter - heartbeatEvery}
 *       (9 minutes by default). A lock of a process that no longer runs on this host, in this
 *       PID namespace (Linux), is stale at once: a pid alone could name a process of another
 *       container with the same host name;</li>
 *   <li>a lock object that cannot be read or parsed is held, by a holder of any kind: it may be
 *       maintenance's. The error names it and {@code arca repo unlock};</li>
 *   <li>a heartbeat never writes back a lock that is gone or no longer its own (removed by
 *       {@code arca repo unlock} or judged stale): the lock is then lost, and {@link #confirmHeld}
 *       throws, which maintenance calls before each deletion.</li>
 * </ul>
 * Object stores have no compare-and-swap, so the conflict check is made again after writing the
 * lock, which narrows the window to two writers starting in the same moment (both then back off).
 */
final class RepositoryLock implements AutoCloseable {
    static final String PREFIX = "repository/locks/";
    /** This process in lock objects: drawn once, so two processes never share an identity whatever their host and pid. */
    static final String PROCESS = UUID.randomUUID().toString();
    private static final String HOST = hostName();
    private static final String PID_NAMESPACE = pidNamespace();
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryLock.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What a lock holder does; a {@code session} is an open repository whose cached index must stay valid. */
    enum Kind { session, backup, restore, verify, maintain }

    /**
     * How often a holder shows it is alive, and after how long without a sign it is taken for dead.
     *
     * @param heartbeatEvery period of the heartbeat (real time)
     * @param staleAfter     age of the last heartbeat (the reader's clock against the holder's) after which a lock is stale
     */
    record Timing(Duration heartbeatEvery, Duration staleAfter) {
        static final Timing DEFAULT = new Timing(Duration.ofMinutes(1), Duration.ofMinutes(10));

        Timing {
            if (heartbeatEvery.isNegative() || heartbeatEvery.isZero() || staleAfter.compareTo(heartbeatEvery.multipliedBy(3)) < 0) {
                throw new ArcaException.InvalidInput("a repository lock must be stale only after at least three missed heartbeats:"
                        + " heartbeat every " + heartbeatEvery + ", stale after " + staleAfter);
            }
        }
    }

    private final ObjectStore store;
    private final String key;
    private final Clock clock;
    private final Timing timing;
    private final ScheduledExecutorService heartbeat;
    private LockHolder current;
    private boolean released;
    /** Why the lock is no longer this holder's, or null while it is. */
    private String lost;

    private RepositoryLock(ObjectStore store, String key, LockHolder holder, Clock clock, Timing timing) {
        this.store = store;
        this.key = key;
        this.clock = clock;
        this.timing = timing;
        this.current = holder;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "arca-repository-lock-" + holder.kind());
            thread.setDaemon(true);
            return thread;
        });
        long period = timing.heartbeatEvery().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beatQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    static RepositoryLock acquire(ObjectStore store, Kind kind, Clock clock) {
        return acquire(store, kind, clock, Timing.DEFAULT, Set.of());
    }

    /**
     * Takes a lock of {@code kind} and starts its heartbeat.
     *
     * @param ignored keys of locks this caller already holds, which never conflict with the new one
     * @throws ArcaException when a live conflicting lock, or an unreadable one, is there, or the lock cannot be written
     */
    static RepositoryLock acquire(ObjectStore store, Kind kind, Clock clock, Timing timing, Set<String> ignored) {
        refuseIfConflicting(store, kind, ignored, clock, timing);
        LockHolder me = new LockHolder(kind, PROCESS, HOST, ProcessHandle.current().pid(), PID_NAMESPACE, clock.instant(),
                clock.instant());
        String key = PREFIX + kind + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8)) + ".json";
        write(store, key, me);
        try {
            Set<String> mine = new java.util.HashSet<>(ignored);
            mine.add(key);
            refuseIfConflicting(store, kind, mine, clock, timing);
        } catch (RuntimeException e) {
            store.delete(key);
            throw e;
        }
        LOG.debug("took repository lock {} in {}", key, store.describe());
        return new RepositoryLock(store, key, me, clock, timing);
    }

    /** Removes every lock, live or not: for a holder on another machine that is known to be gone. */
    static int removeAll(ObjectStore store) {
        List<ObjectStore.ObjectInfo> locks = store.list(PREFIX);
        locks.forEach(l -> store.delete(l.key()));
        return locks.size();
    }

    String key() {
        return key;
    }

    /** The lock as last written. */
    synchronized LockHolder holder() {
        return current;
    }

    /**
     * Rewrites the lock with a new heartbeat time (what the heartbeat thread does), unless it is
     * closed or lost; finds it lost when the object is gone or holds another holder.
     */
    synchronized void beat() {
        if (released || lost != null) {
            return;
        }
        if (!stillMine()) {
            LOG.warn("repository lock {} in {} was removed or replaced while held ({}); it is no longer renewed",
                    key, store.describe(), current.describe());
            return;
        }
        LockHolder next = current.beatAt(clock.instant());
        write(store, key, next);
        current = next;
    }

    /**
     * Whether the lock is still there, still this holder's, and renewed recently enough that no
     * other process can have judged it stale. A lock once not held is never held again.
     */
    synchronized boolean isHeld() {
        return lost == null && !released && stillMine() && !current.staleAt(clock.instant(), timing.staleAfter().minus(timing.heartbeatEvery()));
    }

    /**
     * Throws unless the lock is still there, still this holder's, and renewed recently enough
     * that no other process can have judged it stale.
     */
    synchronized void confirmHeld() {
        if (isHeld()) {
            return;
        }
        String why = lost != null ? lost : released ? "it was released" : "it was last renewed at " + current.lastSeen()
                + " and may have been judged stale";
        throw new ArcaException("the " + current.kind() + " lock " + key + " in " + store.describe() + " is no longer held: " + why
                + ". Stopped before changing anything more; run it again");
    }

    /** Stops the heartbeat and deletes the lock. Idempotent; never throws (a lock left behind goes stale by itself). */
    @Override
    public void close() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            if (lost != null) {
                heartbeat.shutdownNow();
                return; // not ours any more: whatever is there belongs to someone else or to nobody
            }
        }
        heartbeat.shutdownNow();
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.warn("could not remove repository lock {} in {} ({}); it goes stale after {}", key, store.describe(), e.getMessage(),
                    timing.staleAfter());
        }
    }

    /** Called holding the monitor: reads the lock back; records it as lost when it is not this holder's. */
    private boolean stillMine() {
        LockHolder there;
        try {
            there = JSON.readValue(store.getBytes(key), LockHolder.class);
        } catch (ArcaException.NotFound e) {
            lost = "it was removed (by 'arca repo unlock', or by a process that judged it stale)";
            return false;
        } catch (IOException e) {
            lost = "it now holds something unreadable: " + e.getMessage();
            return false;
        }
        if (!current.sameHolder(there)) {
            lost = "it now names another holder: " + (there == null ? "nothing" : there.describe());
            return false;
        }
        return true;
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("could not renew repository lock {} in {} ({}); retrying at the next beat, it goes stale {} after {}",
                    key, store.describe(), e.getMessage(), timing.staleAfter(), holder().lastSeen());
        }
    }

    private static void refuseIfConflicting(ObjectStore store, Kind kind, Set<String> own, Clock clock, Timing timing) {
        List<String> conflicts = new ArrayList<>();
        for (ObjectStore.ObjectInfo info : store.list(PREFIX)) {
            if (own.contains(info.key())) {
                continue;
            }
            LockHolder other = read(store, info.key());
            if (other == null) {
                continue; // released since it was listed
            }
            if (other.staleAt(clock.instant(), timing.staleAfter()) || diedHere(other)) {
                LOG.info("removing stale repository lock {} in {}: {}", info.key(), store.describe(), other.describe());
                store.delete(info.key());
                continue;
            }
            if (conflicts(kind, other.kind())) {
                conflicts.add(other.describe());
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ArcaException("the volume repository in " + store.describe() + " is busy: " + String.join("; ", conflicts)
                    + ". Run " + (kind == Kind.maintain ? "maintenance" : "this") + " again when that is done; a lock whose holder"
                    + " died goes stale " + timing.staleAfter() + " after its last heartbeat, or 'arca repo unlock' removes it at"
                    + " once when that process is known to be gone");
        }
    }

    /**
     * Whether the holder is a process of this host and PID namespace that is no longer running:
     * its lock need not wait for its heartbeat to go stale. A pid reused by a live process keeps
     * the lock until then.
     */
    static boolean diedHere(LockHolder holder) {
        return PID_NAMESPACE != null && PID_NAMESPACE.equals(holder.pidNamespace()) && HOST.equals(holder.host())
                && !PROCESS.equals(holder.process()) && ProcessHandle.of(holder.pid()).map(p -> !p.isAlive()).orElse(true);
    }

    /** Maintenance excludes everything; a verify and a backup exclude each other; the rest share. */
    static boolean conflicts(Kind a, Kind b) {
        return a == Kind.maintain || b == Kind.maintain
                || (a == Kind.verify && b == Kind.backup) || (a == Kind.backup && b == Kind.verify);
    }

    /** The lock's holder, or null when it was released meanwhile; an unreadable lock is an error, since it may be held. */
    private static LockHolder read(ObjectStore store, String key) {
        String problem;
        try {
            LockHolder holder = JSON.readValue(store.getBytes(key), LockHolder.class);
            if (holder != null && holder.kind() != null && holder.lastSeen() != null) {
                return holder;
            }
            problem = "it names no kind of holder or no time";
        } catch (ArcaException.NotFound e) {
            return null;
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage();
        }
        throw new ArcaException("the volume repository in " + store.describe() + " has a lock that cannot be read, " + key + " ("
                + problem + "); it is treated as held, since it may be maintenance's. If no Arca process is using the repository,"
                + " 'arca repo unlock' removes it");
    }

    private static void write(ObjectStore store, String key, LockHolder holder) {
        try {
            store.put(key, JSON.writeValueAsBytes(holder));
        } catch (IOException e) {
            throw new ArcaException("cannot write the repository lock " + key + " in " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The PID namespace of this process on Linux, or null where it cannot be told. */
    static String pidNamespace() {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : "a host of unknown name";
        }
    }
}

package dev.arca.archive;

import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStore.ObjectInfo;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease a restore holds on the backup it reads, so that prune and delete leave the backup alone
 * until the restore is done. Use it around the reading:
 *
 * <pre>{@code
 * try (BackupLease lease = BackupLease.acquire(store, backup, restoreName, clock)) {
 *     ... read the backup ...
 * }
 * }</pre>
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #acquire} writes {@code backups/<backup>/leases/<holder>.json} (a {@link Lease})
 *       before returning, expiring {@link #DURATION} later;</li>
 *   <li>while open, a daemon thread renews it every {@link #RENEW_EVERY}, pushing {@code expires}
 *       to now + duration; a renewal that fails is logged and retried at the next beat, so a lease
 *       lapses only after {@code duration} without one successful renewal;</li>
 *   <li>{@link #close()} stops renewing, then deletes the lease; it never throws (a lease it could
 *       not delete lapses by itself at its {@code expires});</li>
 *   <li>a restore that dies without closing stops renewing: its lease lapses within
 *       {@code duration} and no longer blocks anything.</li>
 * </ul>
 * A restore writes its lease before it reads the manifest; a deleter checks {@link #holding}
 * before removing the manifest and again after, so one of the two checks sees any restore that
 * could have opened the backup. Times come from the injected clock; clocks of different machines
 * should agree to well within {@code duration - renewEvery} (9 minutes by default).
 */
public final class BackupLease implements AutoCloseable {
    /** How long a lease lasts without renewal. */
    public static final Duration DURATION = Duration.ofMinutes(10);
    /** How often an open lease is renewed. */
    public static final Duration RENEW_EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(BackupLease.class);

    private final ObjectStore store;
    private final String key;
    private final Clock clock;
    private final Duration duration;
    private final ScheduledExecutorService heartbeat;
    private Lease current;
    private boolean released;
    /** A writer's claim only: checked before every renewal and release, so one never overwrites another's. */
    private final boolean exclusive;
    private boolean lost;

    private BackupLease(ObjectStore store, String key, Lease lease, Clock clock, Duration duration, Duration renewEvery,
                        boolean exclusive) {
        this.store = store;
        this.key = key;
        this.exclusive = exclusive;
        this.clock = clock;
        this.duration = duration;
        this.current = lease;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "arca-lease-" + lease.backup() + "-" + lease.holder());
            thread.setDaemon(true);
            return thread;
        });
        long period = renewEvery.toMillis();
        heartbeat.scheduleWithFixedDelay(this::renewQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /** Takes a lease of {@link #DURATION}, renewed every {@link #RENEW_EVERY}. */
    public static BackupLease acquire(ObjectStore store, String backup, String holder, Clock clock) {
        return acquire(store, backup, holder, clock, DURATION, RENEW_EVERY);
    }

    /**
     * Writes the lease of restore {@code holder} on {@code backup} and starts renewing it.
     *
     * @param duration   how long the lease lasts without renewal
     * @param renewEvery how often it is renewed; shorter than {@code duration}
     * @throws ArcaException.InvalidInput when a name is invalid or renewEvery is not shorter than duration
     * @throws ArcaException              when the lease cannot be written (then nothing is held)
     */
    public static BackupLease acquire(ObjectStore store, String backup, String holder, Clock clock,
                                      Duration duration, Duration renewEvery) {
        checkBeats(duration, renewEvery);
        Instant now = clock.instant();
        Lease lease = new Lease(backup, holder, now, now.plus(duration));
        String key = LocationLayout.leaseKey(backup, holder);
        store.put(key, json(lease));
        LOG.debug("restore {} leased backup {} until {}", holder, backup, lease.expires());
        return new BackupLease(store, key, lease, clock, duration, renewEvery, false);
    }

    /**
     * Claims the name {@code backup} for the one run that writes it ({@link LocationLayout#writerKey}),
     * with a create-if-absent, and renews the claim like a lease while the run goes on. A deleter
     * leaves a backup alone while its writer's claim holds.
     *
     * @param run a name for the run, for whoever finds the claim
     * @return the claim, or null when another claim is there (held, or left by a run that died)
     */
    public static BackupLease claimWriter(ObjectStore store, String backup, String run, Clock clock) {
        return claimWriter(store, backup, run, clock, DURATION, RENEW_EVERY);
    }

    /**
     * Like {@link #claimWriter(ObjectStore, String, String, Clock)}, but when {@code takeOverFrom} is
     * given (the server resumes a backup) a claim left by that run (one the caller knows to be
     * dead: the server that ran it lost its leadership and exited), or a claim that has lapsed (its
     * run stopped renewing it, as after a second crash before the resumed run claimed the name),
     * is replaced instead of refused. A live claim of any other run is still refused.
     */
    public static BackupLease claimWriter(ObjectStore store, String backup, String run, Clock clock, String takeOverFrom) {
        BackupLease claim = claimWriter(store, backup, run, clock, DURATION, RENEW_EVERY);
        if (claim != null || takeOverFrom == null) {
            return claim;
        }
        Lease other = writer(store, backup);
        if (other == null || !(takeOverFrom.equals(other.holder()) || !other.holdsAt(clock.instant()))) {
            return null;
        }
        LOG.info("run {} takes over backup {} from run {}, which died", run, backup, takeOverFrom);
        store.delete(LocationLayout.writerKey(backup));
        return claimWriter(store, backup, run, clock, DURATION, RENEW_EVERY);
    }

    static BackupLease claimWriter(ObjectStore store, String backup, String run, Clock clock, Duration duration,
                                   Duration renewEvery) {
        checkBeats(duration, renewEvery);
        Instant now = clock.instant();
        Lease lease = new Lease(backup, run, now, now.plus(duration));
        String key = LocationLayout.writerKey(backup);
        if (!store.createIfAbsent(key, json(lease))) {
            return null;
        }
        return new BackupLease(store, key, lease, clock, duration, renewEvery, true);
    }

    /** The claim of the run writing {@code backup}, or null when there is none (or it cannot be parsed). */
    public static Lease writer(ObjectStore store, String backup) {
        try {
            return ArchiveJson.mapper().readValue(store.getBytes(LocationLayout.writerKey(backup)), Lease.class);
        } catch (ArcaException.NotFound e) {
            return null;
        } catch (ArcaException.Transient e) {
            throw e; // unknown is not absent: the caller must not take a live run for a dead one
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring the unreadable writer claim of backup {} in {}: {}", backup, store.describe(), e.getMessage());
            return null;
        }
    }

    private static void checkBeats(Duration duration, Duration renewEvery) {
        if (duration.isNegative() || duration.isZero() || renewEvery.isNegative() || renewEvery.isZero()
                || renewEvery.compareTo(duration) >= 0) {
            throw new ArcaException.InvalidInput("a lease must be renewed more often than it lasts: duration "
                    + duration + ", renewed every " + renewEvery);
        }
    }

    /**
     * For a writer's claim: whether it is still this run's (checked against the store now). A run
     * that stalled past its claim's expiry may have lost the name to a deleter or another run.
     */
    public synchronized boolean held() {
        if (released || lost) {
            return false;
        }
        if (exclusive && !stillOurs()) {
            lost = true;
        }
        return !lost;
    }

    private boolean stillOurs() {
        Lease stored = writer(store, current.backup());
        return stored != null && stored.holder().equals(current.holder());
    }

    /** The lease as last written. */
    public synchronized Lease lease() {
        return current;
    }

    /**
     * Extends the lease to now + duration (what the heartbeat does). Does nothing once closed.
     *
     * @throws ArcaException when the lease cannot be written
     */
    public synchronized void renew() {
        if (released || lost) {
            return;
        }
        if (exclusive && !stillOurs()) {
            lost = true;
            LOG.warn("the claim of {} on backup {} was taken over or removed (it had lapsed at {}); this run no longer owns the name",
                    current.holder(), current.backup(), current.expires());
            return;
        }
        Instant until = clock.instant().plus(duration);
        Lease renewed = current.withExpires(until.isBefore(current.acquired()) ? current.acquired() : until);
        store.put(key, json(renewed));
        current = renewed;
    }

    /** Stops renewing and deletes the lease. Idempotent; never throws. */
    @Override
    public void close() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true; // a beat that runs from now on writes nothing
        }
        heartbeat.shutdown();
        try {
            if (exclusive && (lost || !stillOurs())) {
                return; // another run's claim now: never removed by this one
            }
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.warn("could not release the lease of restore {} on backup {} ({}); it lapses at {}",
                    current.holder(), current.backup(), e.getMessage(), current.expires());
        }
    }

    /**
     * Every lease recorded on {@code backup}, lapsed or not, sorted by holder. A lease file that
     * cannot be parsed is skipped (and logged): only Arca writes leases, atomically, so such a
     * file is debris that must not block deletion forever.
     */
    public static List<Lease> list(ObjectStore store, String backup) {
        List<Lease> leases = new ArrayList<>();
        for (ObjectInfo object : store.list(LocationLayout.leasePrefix(backup))) {
            if (!LocationLayout.isLeaseKey(backup, object.key())) {
                continue;
            }
            byte[] json;
            try {
                json = store.getBytes(object.key());
            } catch (ArcaException.NotFound e) {
                continue; // released since it was listed
            }
            try {
                leases.add(ArchiveJson.mapper().readValue(json, Lease.class));
            } catch (IOException | RuntimeException e) {
                LOG.warn("ignoring unreadable lease {} in {}: {}", object.key(), store.describe(), e.getMessage());
            }
        }
        leases.sort(Comparator.comparing(Lease::holder));
        return List.copyOf(leases);
    }

    /** The leases on {@code backup} that still hold at {@code now}, sorted by holder. */
    public static List<Lease> holding(ObjectStore store, String backup, Instant now) {
        return list(store, backup).stream().filter(lease -> lease.holdsAt(now)).toList();
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            Lease lease = lease();
            LOG.warn("could not renew the lease of restore {} on backup {} ({}); retrying in the next beat,"
                    + " the lease lapses at {}", lease.holder(), lease.backup(), e.getMessage(), lease.expires());
        }
    }

    private static byte[] json(Lease lease) {
        try {
            return ArchiveJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(lease);
        } catch (IOException e) {
            throw new ArcaException("cannot serialise the lease of \"" + lease.holder() + "\" on backup \""
                    + lease.backup() + "\": " + e.getMessage(), e);
        }
    }
}

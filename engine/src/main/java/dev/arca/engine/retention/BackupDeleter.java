package dev.arca.engine.retention;

import dev.arca.api.ArcaException;
import dev.arca.archive.BackupLease;
import dev.arca.archive.Lease;
import dev.arca.archive.LocationLayout;
import dev.arca.archive.RetentionLock;
import dev.arca.storage.ObjectStore;
import dev.arca.archive.ArchiveJson;
import dev.arca.archive.BackupManifest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes one backup, every object of it and nothing else, unless a restore holds an unexpired
 * lease on it. A lapsed lease (a crashed restore) does not block. On a location with an
 * immutability period, a backup younger than that period is refused too, with the time it may go.
 * The period is the longer of the location's own retention lock ({@link RetentionLock}, read at
 * every delete, so every client honours it) and the one this deleter was configured with; a lock
 * that exists but cannot be read or authenticated refuses every delete (fail closed).
 *
 * <p>A restore writes its lease before it reads the manifest. The deleter checks the leases,
 * deletes the manifest (the backup is then invisible and cannot be opened), and checks again: a
 * restore that opened the backup in between is seen by the second check, and the manifest is put
 * back untouched. Only then are the data files deleted.
 */
public final class BackupDeleter {
    private static final Logger LOG = LoggerFactory.getLogger(BackupDeleter.class);
    private final ObjectStore store;
    private final Clock clock;
    private final Duration immutableFor;

    public BackupDeleter(ObjectStore store, Clock clock) {
        this(store, clock, Duration.ZERO);
    }

    /**
     * @param immutableFor how long after it started a backup may not be deleted, as this client's
     *                     config says (zero: none); the location's retention lock applies whatever this is
     */
    public BackupDeleter(ObjectStore store, Clock clock, Duration immutableFor) {
        this.store = store;
        this.clock = clock;
        this.immutableFor = immutableFor;
    }

    /**
     * Deletes backup {@code name}. A backup whose manifest is unreadable can be deleted too, and so
     * can what a run that died left without a manifest (its files and volume snapshots).
     *
     * @throws ArcaException.NotFound when the location holds no such backup
     * @throws BackupInUseException   when a restore holds a lease on it, or a live run still writes
     *                                it (nothing is deleted)
     */
    public void delete(String name) {
        String manifestKey = LocationLayout.manifestKey(name);
        byte[] manifest;
        try {
            manifest = store.getBytes(manifestKey);
        } catch (ArcaException.NotFound e) {
            deleteRemains(name);
            return;
        }
        refuseIfImmutable(name, manifest);
        refuseIfLeased(name);
        try (BackupLease claim = claimName(name)) { // no run of the same name starts while the files go
            store.delete(manifestKey);
            try {
                refuseIfLeased(name);
            } catch (BackupInUseException e) {
                store.put(manifestKey, manifest);
                LOG.info("backup {} was opened by a restore while being deleted; kept", name);
                throw e;
            }
            LocationLayout.deleteBackup(store, name);
            forgetSnapshots(name);
        }
        LOG.info("backup {} deleted from {}", name, store.describe());
    }

    /**
     * What a run left without a manifest. The deleter claims the name as a writer would, so no run
     * can start writing it meanwhile; a claim that holds means a live run, and is refused; a lapsed
     * one was left by a run that died, and is removed first.
     */
    private void deleteRemains(String name) {
        boolean claimed = BackupLease.writer(store, name) != null;
        try (BackupLease claim = claimName(name)) {
            boolean files = LocationLayout.deleteBackup(store, name);
            int forgotten = forgetSnapshots(name);
            if (!files && forgotten == 0 && !claimed) {
                throw new ArcaException.NotFound("backup \"" + name + "\" not found in " + store.describe()
                        + "; run 'arca backup get'");
            }
            LOG.info("backup {} had no manifest (its run died or could not finish): its files and {} volume snapshots removed",
                    name, forgotten);
        }
    }

    /**
     * Claims the name as a writer would, after removing a claim left by a run that died (lapsed).
     *
     * @throws BackupInUseException when a live run holds it
     */
    private BackupLease claimName(String name) {
        Lease writer = BackupLease.writer(store, name);
        if (writer != null && writer.holdsAt(clock.instant())) {
            throw BackupInUseException.beingWritten(name, writer);
        }
        if (writer != null && writer.equals(BackupLease.writer(store, name))) {
            store.delete(LocationLayout.writerKey(name));
        }
        BackupLease claim = BackupLease.claimWriter(store, name, "delete-" + java.util.UUID.randomUUID().toString().substring(0, 8), clock);
        if (claim == null) {
            Lease now = BackupLease.writer(store, name);
            throw now != null ? BackupInUseException.beingWritten(name, now)
                    : new ArcaException.Transient("backup \"" + name + "\" changed while being deleted; try again", null);
        }
        return claim;
    }

    private int forgetSnapshots(String name) {
        try {
            int forgotten = dev.arca.repository.Repository.forgetBackup(store, name);
            if (forgotten > 0) {
                LOG.info("backup {}: {} volume snapshots forgotten; 'arca repo maintain' frees their data", name, forgotten);
            }
            return forgotten;
        } catch (RuntimeException e) {
            LOG.warn("backup {} deleted, but its volume snapshots could not be forgotten ({}); their data stays until they are",
                    name, e.getMessage());
            return 0;
        }
    }

    /** The leases that would keep {@code name} from being deleted now; empty when none holds. */
    public List<Lease> holding(String name) {
        return BackupLease.holding(store, name, clock.instant());
    }

    /**
     * The period in force: the longer of the location's retention lock and this deleter's own.
     *
     * @throws ArcaException.Corrupt when the location's retention lock exists but cannot be read
     */
    public ImmutabilityPeriod immutability() {
        return ImmutabilityPeriod.of(immutableFor, RetentionLock.read(store));
    }

    /** When backup {@code name} (with this manifest) may be deleted under {@code period}; null when it may be now. */
    private Instant immutableUntil(String name, byte[] manifest, ImmutabilityPeriod period) {
        if (period.period().isZero()) {
            return null;
        }
        Instant started;
        try {
            started = ArchiveJson.mapper().readValue(manifest, BackupManifest.class).started();
        } catch (IOException | RuntimeException e) {
            throw new ArcaException("backup \"" + name + "\" is in a location that keeps backups immutable, and its manifest "
                    + "cannot be read to tell its age; it is not deleted", e);
        }
        return period.until(started, clock.instant());
    }

    private void refuseIfImmutable(String name, byte[] manifest) {
        ImmutabilityPeriod period = immutability();
        Instant until = immutableUntil(name, manifest, period);
        if (until != null) {
            throw new BackupImmutableException(name, until, period);
        }
    }

    private void refuseIfLeased(String name) {
        List<Lease> leases = holding(name);
        if (!leases.isEmpty()) {
            throw new BackupInUseException(name, leases);
        }
    }
}

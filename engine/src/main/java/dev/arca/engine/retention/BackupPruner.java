package dev.arca.engine.retention;

import dev.arca.api.ArcaException;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.Lease;
import dev.arca.archive.LocationLayout;
import dev.arca.storage.ObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage-collects a location: deletes every backup whose {@code expires} has passed (see
 * {@link BackupManifest#isExpired}), unless a restore holds a lease on it. Deletion goes through
 * {@link BackupDeleter}, so it removes every object of the backup and nothing else. Backups whose
 * manifest cannot be read are kept and reported, never deleted blind.
 */
public final class BackupPruner {
    private static final Logger LOG = LoggerFactory.getLogger(BackupPruner.class);
    private final ObjectStore store;
    private final Clock clock;
    private final BackupDeleter deleter;

    /** @param clock judges expiry and leases; tests move it */
    public BackupPruner(ObjectStore store, Clock clock) {
        this(store, clock, java.time.Duration.ZERO);
    }

    /**
     * @param immutableFor the location's immutability period as this client's config says: younger
     *                     backups are kept even when expired; the location's own retention lock
     *                     applies too, and the longer of the two wins
     */
    public BackupPruner(ObjectStore store, Clock clock, java.time.Duration immutableFor) {
        this.store = store;
        this.clock = clock;
        this.deleter = new BackupDeleter(store, clock, immutableFor);
    }

    /**
     * Prunes the location.
     *
     * @param dryRun when true, deletes nothing and reports what would be deleted
     * @throws ArcaException when the location cannot be listed, or its retention lock exists but
     *                       cannot be read (nothing is deleted then)
     */
    public PruneResult prune(boolean dryRun) {
        Instant now = clock.instant();
        List<PruneResult.Deleted> deleted = new ArrayList<>();
        List<PruneResult.Kept> kept = new ArrayList<>();
        ImmutabilityPeriod immutability = deleter.immutability(); // an unreadable retention lock fails the prune whole
        for (String name : LocationLayout.backupNames(store)) {
            BackupManifest manifest;
            try (ArchiveReader reader = ArchiveReader.open(store, name)) {
                manifest = reader.manifest();
            } catch (ArcaException.NotFound e) {
                continue; // deleted since it was listed
            } catch (ArcaException e) {
                kept.add(new PruneResult.Kept(name, null, PruneResult.Why.unreadable, e.getMessage()));
                continue;
            }
            if (!manifest.isExpired(now)) {
                kept.add(new PruneResult.Kept(name, manifest.expires(), PruneResult.Why.notExpired,
                        manifest.expires() == null ? "has no expiry" : "expires at " + manifest.expires()));
                continue;
            }
            Instant immutableUntil = immutability.until(manifest.started(), now);
            if (immutableUntil != null) {
                kept.add(new PruneResult.Kept(name, manifest.expires(), PruneResult.Why.immutable,
                        "expired at " + manifest.expires() + " but is immutable until " + immutableUntil
                                + " (kept for " + immutability.describe() + ")"));
                continue;
            }
            PruneResult.Kept refused = dryRun ? check(name, manifest.expires()) : delete(name, manifest.expires());
            if (refused == null) {
                deleted.add(new PruneResult.Deleted(name, manifest.expires()));
            } else {
                kept.add(refused);
            }
        }
        LOG.info("prune of {}{}: {} deleted, {} kept", store.describe(), dryRun ? " (dry run)" : "",
                deleted.size(), kept.size());
        return new PruneResult(now, dryRun, deleted, kept);
    }

    /** Why an expired backup would be kept, or null when it would be deleted. */
    private PruneResult.Kept check(String name, Instant expires) {
        List<Lease> leases = deleter.holding(name);
        return leases.isEmpty() ? null : leased(name, expires, leases);
    }

    /** Deletes an expired backup; returns why it was kept, or null when it is gone. */
    private PruneResult.Kept delete(String name, Instant expires) {
        try {
            deleter.delete(name);
            return null;
        } catch (BackupInUseException e) {
            return leased(name, expires, e.leases());
        } catch (ArcaException.NotFound e) {
            return null; // someone else deleted it first: it is gone all the same
        } catch (ArcaException e) {
            LOG.warn("could not delete expired backup {}: {}", name, e.getMessage());
            return new PruneResult.Kept(name, expires, PruneResult.Why.failed,
                    "expired at " + expires + " but could not be deleted: " + e.getMessage());
        }
    }

    private static PruneResult.Kept leased(String name, Instant expires, List<Lease> leases) {
        return new PruneResult.Kept(name, expires, PruneResult.Why.leased,
                "expired at " + expires + " but is being read by " + BackupInUseException.readers(leases));
    }
}

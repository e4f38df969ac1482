package dev.arca.repository;

import dev.arca.api.ArcaException;
import dev.arca.repository.snapshot.SnapshotManifest;
import dev.arca.repository.snapshot.SnapshotStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots whose backup does not exist: left by a backup killed after some volumes were
 * snapshotted and before its manifest was written. Nothing else forgets them, so they would pin
 * their chunks for ever. A snapshot counts only once older than the safety delay, since a backup
 * running now writes its manifest after its snapshots.
 */
final class OrphanSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSnapshots.class);

    private OrphanSnapshots() {
    }

    /**
     * Forgets every snapshot taken before {@code cutoff} whose backup {@code backupExists} denies,
     * calling {@code beforeDeleting} first (it throws to stop). Asks once per backup name; a
     * question that throws stops the run before anything is deleted, except that a name the
     * question refuses as invalid ({@link ArcaException.InvalidInput}) cannot have a backup to ask
     * about: its snapshots are kept, with a warning, and the run goes on. Returns how many went.
     */
    static int forget(SnapshotStore snapshots, Predicate<String> backupExists, Instant cutoff, Runnable beforeDeleting) {
        Map<String, Boolean> exists = new HashMap<>();
        List<SnapshotManifest> orphans = new ArrayList<>();
        for (SnapshotManifest m : snapshots.list()) {
            if (m.time().isBefore(cutoff) && !exists.computeIfAbsent(m.backupName(), name -> exists(backupExists, name))) {
                orphans.add(m);
            }
        }
        if (orphans.isEmpty()) {
            return 0;
        }
        beforeDeleting.run();
        for (SnapshotManifest m : orphans) {
            snapshots.delete(m.id());
            LOG.info("forgot snapshot {} of volume {}: its backup {} does not exist (killed before its manifest was written?)",
                    m.id(), m.volume(), m.backupName());
        }
        return orphans.size();
    }

    private static boolean exists(Predicate<String> backupExists, String backupName) {
        try {
            return backupExists.test(backupName);
        } catch (ArcaException.InvalidInput e) {
            LOG.warn("keeping the snapshots of backup \"{}\" whatever their age: whether that backup exists cannot be asked ({});"
                    + " they are listed by 'arca repo snapshots'", backupName, e.getMessage());
            return true;
        }
    }
}

package dev.arca.engine.mobility;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.BackupManifest;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Moves what a backup spec selects from one cluster to another, after its pre-flight ({@link Preflight},
 * read-only, run by the caller first), in named steps: back up the source into the location, restore
 * into the target, verify the target against the backup. Whether a blocked pre-flight stops the
 * migration is the caller's decision; the backup is kept in the location (a record of what moved,
 * and a way back).
 */
public final class Migrator {
    private final KubernetesClient source;
    private final KubernetesClient target;
    private final ObjectStore store;
    private final ObjectStore records;
    private final EngineOptions options;

    public Migrator(KubernetesClient source, KubernetesClient target, ObjectStore store, ObjectStore records, EngineOptions options) {
        this.source = source;
        this.target = target;
        this.store = store;
        this.records = records;
        this.options = options;
    }

    /**
     * @param backup       the backup's manifest
     * @param restore      the restore's record, or null when the backup did not complete
     * @param verification the target checked against the backup, or null when nothing was restored
     */
    public record Result(BackupManifest backup, RestoreRecord restore, Verification verification) {
        /** Completed only when the backup and restore completed and the verification found nothing different. */
        public Phase phase() {
            if (restore == null) {
                return backup.phase();
            }
            return restore.phase() == Phase.Completed && verification.passed() ? Phase.Completed : Phase.PartiallyFailed;
        }
    }

    /** Backs up {@code scope} as {@code name}, restores it into the target as {@code restore} says, and verifies. */
    public Result migrate(String name, BackupSpec scope, RestoreSpec restore, ProgressListener listener) {
        listener.step("backing up the source");
        BackupManifest backup = new BackupRunner(source, store, options).run(name, scope, listener);
        if (backup.phase() != Phase.Completed) {
            return new Result(backup, null, null);
        }
        listener.step("restoring into the target");
        RestoreRecord record = new RestoreRunner(target, store, records, options).run(name, restore, listener);
        listener.step("verifying the target");
        try (ArchiveReader archive = ArchiveReader.open(store, name)) {
            return new Result(backup, record, new MigrationVerifier(target).verify(archive, restore, record));
        }
    }
}

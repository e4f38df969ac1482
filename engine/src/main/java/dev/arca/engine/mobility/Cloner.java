package dev.arca.engine.mobility;

import dev.arca.api.ArcaException;
import dev.arca.api.ExistingResourcePolicy;
import dev.arca.api.Phase;
import dev.arca.api.RestoreTransforms;
import dev.arca.archive.BackupManifest;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.engine.retention.BackupDeleter;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Copies one namespace into another, in the same cluster or another: a backup of the namespace into
 * a location, then a restore of it under the new name (volumes, with data, as new PVs filled from
 * the repository). The backup is deleted once the copy is Completed, unless asked to keep it; when
 * anything fails it is kept, and the result (or the error) names it.
 */
public final class Cloner {
    private final KubernetesClient source;
    private final KubernetesClient target;
    private final ObjectStore store;
    private final ObjectStore records;
    private final EngineOptions options;
    private final Duration immutableFor;

    /**
     * @param records      where the restore's record goes (the location, when it takes writes)
     * @param immutableFor the location's immutability period, which the backup's deletion honours
     */
    public Cloner(KubernetesClient source, KubernetesClient target, ObjectStore store, ObjectStore records, EngineOptions options,
                  Duration immutableFor) {
        this.source = source;
        this.target = target;
        this.store = store;
        this.records = records;
        this.options = options;
        this.immutableFor = immutableFor;
    }

    /**
     * @param namespace       the namespace to copy
     * @param targetNamespace its copy's name
     * @param withData        copy the pods' volume data into new volumes
     * @param keepBackup      keep the backup after a Completed clone
     * @param policy          what to do with objects that exist in the target; a target namespace holding
     *                        objects is refused unless this is update
     * @param backupName      the name of the backup, and of the restore
     * @param location        the location's name (recorded in the specs)
     * @param transforms      mappers and modifiers applied to the restored items (an environment's), or null
     */
    public record Request(String namespace, String targetNamespace, boolean withData, boolean keepBackup,
                          ExistingResourcePolicy policy, String backupName, String location, RestoreTransforms transforms) {
        public Request {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(targetNamespace, "targetNamespace");
            Objects.requireNonNull(backupName, "backupName");
            policy = Objects.requireNonNullElse(policy, ExistingResourcePolicy.none);
        }
    }

    /**
     * @param backup     the backup's manifest
     * @param restore    the restore's record, or null when the backup did not complete and nothing was restored
     * @param backupKept whether the backup is still in the location
     * @param note       why the backup is kept, or null
     */
    public record Result(BackupManifest backup, RestoreRecord restore, boolean backupKept, String note) {
        public Phase phase() {
            return restore == null ? backup.phase() : restore.phase();
        }
    }

    /** @throws ArcaException.InvalidInput when the copy would land on the original, or in a namespace that holds objects */
    public Result run(Request request, ProgressListener listener) {
        check(request);
        listener.step("backing up namespace " + request.namespace());
        BackupManifest backup = new BackupRunner(source, store, options)
                .run(request.backupName(), MoveSpecs.cloneBackup(request.namespace(), request.withData(), request.location()), listener);
        if (backup.phase() != Phase.Completed) {
            return new Result(backup, null, true, "the backup is " + backup.phase() + ", so nothing was restored; see 'arca backup"
                    + " describe " + request.backupName() + " --details'");
        }
        RestoreRecord restore;
        try {
            restore = new RestoreRunner(target, store, records, options).run(request.backupName(), MoveSpecs.cloneRestore(
                    request.backupName(), request.namespace(), request.targetNamespace(), request.withData(), request.policy(),
                    request.location()).withTransforms(request.transforms()), listener);
        } catch (RuntimeException e) { // a refused restore or a lost API server: either way, say where the backup is
            throw new ArcaException(e.getMessage() + "; the clone's backup \"" + request.backupName() + "\" is kept: restore it with"
                    + " 'arca restore create --from-backup " + request.backupName() + " --namespace-mappings " + request.namespace()
                    + ":" + request.targetNamespace() + "', or delete it with 'arca backup delete " + request.backupName() + "'", e);
        }
        if (restore.phase() != Phase.Completed) {
            return new Result(backup, restore, true, "the restore is " + restore.phase() + ", so the backup is kept");
        }
        if (request.keepBackup()) {
            return new Result(backup, restore, true, "kept as asked (--keep-backup)");
        }
        return deleteBackup(backup, restore);
    }

    private void check(Request request) {
        if (request.namespace().equals(request.targetNamespace()) && source.getMasterUrl().equals(target.getMasterUrl())) {
            throw new ArcaException.InvalidInput("clone of namespace \"" + request.namespace() + "\" into itself in the same cluster;"
                    + " name another namespace with --to, or another cluster with --to-context");
        }
        if (request.policy() != ExistingResourcePolicy.update) {
            List<String> held = TargetNamespace.objects(target, request.targetNamespace());
            if (!held.isEmpty()) {
                throw new ArcaException.InvalidInput("namespace \"" + request.targetNamespace() + "\" in the target already holds"
                        + " objects (" + String.join(", ", held) + ", ...); clone into a new or empty namespace, or pass"
                        + " --existing-resource-policy update to overwrite the objects of the same name");
            }
        }
    }

    private Result deleteBackup(BackupManifest backup, RestoreRecord restore) {
        try {
            new BackupDeleter(store, options.clock(), immutableFor).delete(backup.name());
            return new Result(backup, restore, false, null);
        } catch (ArcaException e) {
            return new Result(backup, restore, true, "it could not be deleted: " + e.getMessage());
        }
    }
}

package dev.arca.engine.mobility;

import dev.arca.api.BackupSpec;
import dev.arca.api.ExistingResourcePolicy;
import dev.arca.api.RestoreSpec;
import dev.arca.api.VolumePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one place clone and migrate turn their request into the backup and restore they run; what a
 * restore learns later (transforms, waiting for readiness) is added here, once, for both.
 */
public final class MoveSpecs {
    /** How long a clone's or migration's backup is kept when it is kept: long enough to look at it, or roll back. */
    public static final Duration TTL = Duration.ofDays(7);

    private MoveSpecs() {
    }

    /**
     * A clone's backup of one namespace: with {@code withData} every PVC-backed pod volume's data, without it none
     * (a policy that skips every volume), so the copy never reads or shares the source's data it was not asked for.
     */
    public static BackupSpec cloneBackup(String namespace, boolean withData, String location) {
        VolumePolicy none = new VolumePolicy(List.of(new VolumePolicy.Rule(List.of(), null, VolumePolicy.Action.skip)));
        return new BackupSpec(List.of(namespace), null, null, null, null, null, null, location, TTL,
                withData ? Boolean.TRUE : null, withData ? null : none);
    }

    /**
     * A clone's restore: the namespace mapped, with or without the volume data. Without data the
     * PersistentVolumes stay out: restoring one as it is would hand the copy the source's storage.
     */
    public static RestoreSpec cloneRestore(String backup, String namespace, String target, boolean withData,
                                           ExistingResourcePolicy policy, String location) {
        return new RestoreSpec(backup, null, null, null, withData ? null : List.of("persistentvolumes"), null, null,
                Map.of(namespace, target), false, false, policy, location, withData ? null : Boolean.FALSE);
    }

    /** A migration's restore of everything its backup took, namespaces mapped as asked. */
    public static RestoreSpec migrateRestore(String backup, BackupSpec scope, Map<String, String> namespaceMapping,
                                             ExistingResourcePolicy policy, String location, dev.arca.api.RestoreTransforms transforms) {
        return new RestoreSpec(backup, null, null, null, null, null, null, namespaceMapping, false, false, policy, location)
                .withTransforms(transforms);
    }
}

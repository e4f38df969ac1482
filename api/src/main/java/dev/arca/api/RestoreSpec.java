package dev.arca.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to restore, from which backup, and how.
 *
 * @param backupName              the backup to restore from
 * @param includedNamespaces      namespace globs (as in the backup) to restore; empty: all
 * @param excludedNamespaces      namespace globs to leave out
 * @param includedResources       resources to restore: plural, {@code plural.group} or Kind
 * @param excludedResources       resources to leave out
 * @param includeClusterResources true / false / null (auto: restore the cluster-scoped items in the backup)
 * @param labelSelector           restore only items matching this selector, or null
 * @param namespaceMapping        source namespace → target namespace
 * @param restoreStatus           keep the status of restored items
 * @param preserveNodePorts       keep Service nodePorts
 * @param existingResourcePolicy  what to do with items that already exist
 * @param storageLocation         the location holding the backup; null: the default
 * @param restoreVolumes          false: restore no volume data (the claims and volumes come back
 *                                empty or as they are); null or true: restore what the backup took
 * @param transforms              how items are changed before they are applied (resource modifiers,
 *                                storage-class and image maps), or null: unchanged
 * @param hooks                   init containers and post-restore exec hooks of the spec form; null:
 *                                only the restored pods' own hook annotations
 * @param waitReady               after applying, wait at most this long until the restored Deployments,
 *                                StatefulSets and DaemonSets are available, Jobs complete and claims Bound;
 *                                what is not is an error of the restore. Null: do not wait. Only the CLI
 *                                sets it; the server's Restore resource does not wait.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RestoreSpec(
        String backupName,
        List<String> includedNamespaces,
        List<String> excludedNamespaces,
        List<String> includedResources,
        List<String> excludedResources,
        Boolean includeClusterResources,
        String labelSelector,
        Map<String, String> namespaceMapping,
        boolean restoreStatus,
        boolean preserveNodePorts,
        ExistingResourcePolicy existingResourcePolicy,
        String storageLocation,
        Boolean restoreVolumes,
        RestoreTransforms transforms,
        RestoreHooks hooks,
        java.time.Duration waitReady) {

    /** A restore of everything the backup holds, volume data included. */
    public RestoreSpec(String backupName, List<String> includedNamespaces, List<String> excludedNamespaces,
                       List<String> includedResources, List<String> excludedResources, Boolean includeClusterResources,
                       String labelSelector, Map<String, String> namespaceMapping, boolean restoreStatus, boolean preserveNodePorts,
                       ExistingResourcePolicy existingResourcePolicy, String storageLocation) {
        this(backupName, includedNamespaces, excludedNamespaces, includedResources, excludedResources, includeClusterResources,
                labelSelector, namespaceMapping, restoreStatus, preserveNodePorts, existingResourcePolicy, storageLocation, null);
    }

    /** A restore whose items are applied as backed up (after the namespace mapping), without hooks of the spec form or a wait. */
    public RestoreSpec(String backupName, List<String> includedNamespaces, List<String> excludedNamespaces,
                       List<String> includedResources, List<String> excludedResources, Boolean includeClusterResources,
                       String labelSelector, Map<String, String> namespaceMapping, boolean restoreStatus, boolean preserveNodePorts,
                       ExistingResourcePolicy existingResourcePolicy, String storageLocation, Boolean restoreVolumes) {
        this(backupName, includedNamespaces, excludedNamespaces, includedResources, excludedResources, includeClusterResources,
                labelSelector, namespaceMapping, restoreStatus, preserveNodePorts, existingResourcePolicy, storageLocation,
                restoreVolumes, null, null, null);
    }

    public RestoreSpec {
        if (backupName == null || backupName.isBlank()) {
            throw new ArcaException.InvalidInput("a restore needs a backup to restore from (--from-backup NAME)");
        }
        includedNamespaces = BackupSpec.copy(includedNamespaces);
        excludedNamespaces = BackupSpec.copy(excludedNamespaces);
        includedResources = BackupSpec.copy(includedResources);
        excludedResources = BackupSpec.copy(excludedResources);
        namespaceMapping = namespaceMapping == null ? Map.of() : Map.copyOf(namespaceMapping);
        existingResourcePolicy = Objects.requireNonNullElse(existingResourcePolicy, ExistingResourcePolicy.none);
        if (waitReady != null && (waitReady.isNegative() || waitReady.isZero())) {
            throw new ArcaException.InvalidInput("--wait-ready needs a positive timeout, not " + waitReady);
        }
        if (labelSelector != null && labelSelector.isBlank()) {
            labelSelector = null;
        }
        if (transforms != null && transforms.isEmpty()) {
            transforms = null;
        }
    }

    /** This restore with other transforms. */
    public RestoreSpec withTransforms(RestoreTransforms other) {
        return new RestoreSpec(backupName, includedNamespaces, excludedNamespaces, includedResources, excludedResources,
                includeClusterResources, labelSelector, namespaceMapping, restoreStatus, preserveNodePorts,
                existingResourcePolicy, storageLocation, restoreVolumes, other, hooks, waitReady);
    }

    /** This restore with the hooks of the spec form {@code restoreHooks} (null: none). */
    public RestoreSpec withHooks(RestoreHooks restoreHooks) {
        return new RestoreSpec(backupName, includedNamespaces, excludedNamespaces, includedResources, excludedResources,
                includeClusterResources, labelSelector, namespaceMapping, restoreStatus, preserveNodePorts,
                existingResourcePolicy, storageLocation, restoreVolumes, transforms, restoreHooks, waitReady);
    }

    /** This restore waiting at most {@code timeout} for what it restored to become ready (null: not at all). */
    public RestoreSpec withWaitReady(java.time.Duration timeout) {
        return new RestoreSpec(backupName, includedNamespaces, excludedNamespaces, includedResources, excludedResources,
                includeClusterResources, labelSelector, namespaceMapping, restoreStatus, preserveNodePorts,
                existingResourcePolicy, storageLocation, restoreVolumes, transforms, hooks, timeout);
    }

    /** The namespace an item from {@code source} lands in. */
    public String targetNamespace(String source) {
        return source == null ? null : namespaceMapping.getOrDefault(source, source);
    }
}

package dev.arca.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * What to back up. Empty include lists mean "everything"; exclusions win over inclusions.
 *
 * @param includedNamespaces     namespace globs to include ({@code *} or empty: all)
 * @param excludedNamespaces     namespace globs to exclude
 * @param includedResources      resources to include: plural, {@code plural.group} or Kind
 * @param excludedResources      resources to exclude, same forms
 * @param includeClusterResources true: all cluster-scoped types; false: none; null (auto):
 *                               all for a whole-cluster backup, else only the related ones
 *                               (PVs of included PVCs, CRDs of included custom resources)
 * @param labelSelector          a Kubernetes label selector, or null
 * @param orLabelSelectors       an item matching any of these is included (with labelSelector null)
 * @param storageLocation        the location to write to; null: the default location
 * @param ttl                    how long the backup is kept, or null for the default (30 days)
 * @param defaultVolumesToFsBackup true: back up the data of every PVC-backed pod volume unless the
 *                               pod's {@code backup.arca.dev/volumes-excludes} names it; false or
 *                               null: only the volumes a pod's {@code backup.arca.dev/volumes} names
 * @param volumePolicy           rules that skip (or force) volumes by storage class or capacity,
 *                               checked before the annotations; null: none
 * @param schedule               the server's Schedule that made this backup, or null for one made by
 *                               hand; recorded in the manifest so that retention finds every backup
 *                               of a schedule in a location, whichever cluster wrote it
 * @param hooks                  exec hooks of the spec form (Velero's {@code hooks:}); null: only the
 *                               pods' own hook annotations
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BackupSpec(
        List<String> includedNamespaces,
        List<String> excludedNamespaces,
        List<String> includedResources,
        List<String> excludedResources,
        Boolean includeClusterResources,
        String labelSelector,
        List<String> orLabelSelectors,
        String storageLocation,
        Duration ttl,
        Boolean defaultVolumesToFsBackup,
        VolumePolicy volumePolicy,
        String schedule,
        BackupHooks hooks) {

    public static final Duration DEFAULT_TTL = Duration.ofDays(30);

    /** A spec without volume settings: volume data only where pods opt in by annotation. */
    public BackupSpec(List<String> includedNamespaces, List<String> excludedNamespaces, List<String> includedResources,
                      List<String> excludedResources, Boolean includeClusterResources, String labelSelector,
                      List<String> orLabelSelectors, String storageLocation, Duration ttl) {
        this(includedNamespaces, excludedNamespaces, includedResources, excludedResources, includeClusterResources,
                labelSelector, orLabelSelectors, storageLocation, ttl, null, null, null, null);
    }

    /** A spec made by hand (no schedule). */
    public BackupSpec(List<String> includedNamespaces, List<String> excludedNamespaces, List<String> includedResources,
                      List<String> excludedResources, Boolean includeClusterResources, String labelSelector,
                      List<String> orLabelSelectors, String storageLocation, Duration ttl,
                      Boolean defaultVolumesToFsBackup, VolumePolicy volumePolicy) {
        this(includedNamespaces, excludedNamespaces, includedResources, excludedResources, includeClusterResources,
                labelSelector, orLabelSelectors, storageLocation, ttl, defaultVolumesToFsBackup, volumePolicy, null, null);
    }

    /** A spec without hooks of the spec form. */
    public BackupSpec(List<String> includedNamespaces, List<String> excludedNamespaces, List<String> includedResources,
                      List<String> excludedResources, Boolean includeClusterResources, String labelSelector,
                      List<String> orLabelSelectors, String storageLocation, Duration ttl,
                      Boolean defaultVolumesToFsBackup, VolumePolicy volumePolicy, String schedule) {
        this(includedNamespaces, excludedNamespaces, includedResources, excludedResources, includeClusterResources,
                labelSelector, orLabelSelectors, storageLocation, ttl, defaultVolumesToFsBackup, volumePolicy, schedule, null);
    }

    /** This spec, marked as made by {@code scheduleName}. */
    public BackupSpec withSchedule(String scheduleName) {
        return new BackupSpec(includedNamespaces, excludedNamespaces, includedResources, excludedResources,
                includeClusterResources, labelSelector, orLabelSelectors, storageLocation, ttl, defaultVolumesToFsBackup,
                volumePolicy, scheduleName, hooks);
    }

    /** This spec with the hooks of the spec form {@code backupHooks} (null: none). */
    public BackupSpec withHooks(BackupHooks backupHooks) {
        return new BackupSpec(includedNamespaces, excludedNamespaces, includedResources, excludedResources,
                includeClusterResources, labelSelector, orLabelSelectors, storageLocation, ttl, defaultVolumesToFsBackup,
                volumePolicy, schedule, backupHooks);
    }

    public BackupSpec {
        includedNamespaces = copy(includedNamespaces);
        excludedNamespaces = copy(excludedNamespaces);
        includedResources = copy(includedResources);
        excludedResources = copy(excludedResources);
        orLabelSelectors = copy(orLabelSelectors);
        if (labelSelector != null && labelSelector.isBlank()) {
            labelSelector = null;
        }
        if (labelSelector != null && !orLabelSelectors.isEmpty()) {
            throw new ArcaException.InvalidInput(
                    "a backup takes either a label selector or OR-selectors, not both; drop one of them");
        }
        if (schedule != null && schedule.isBlank()) {
            schedule = null;
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new ArcaException.InvalidInput("ttl must be positive, got " + ttl);
        }
    }

    /** Everything in the cluster. */
    public static BackupSpec everything() {
        return new BackupSpec(null, null, null, null, null, null, null, null, null);
    }

    /** True when the backup is not restricted to some namespaces. */
    public boolean wholeCluster() {
        return includedNamespaces.isEmpty() || includedNamespaces.contains("*");
    }

    static List<String> copy(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}

package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Restore} does: the same choices as {@code arca restore create}
 * ({@link dev.arca.api.RestoreSpec}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreResourceSpec {
    /** The backup to restore from. */
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    private String backupName;
    /** Namespace globs to include; empty or {@code *}: all. */
    private List<String> includedNamespaces;
    /** Namespace globs to leave out; exclusions win. */
    private List<String> excludedNamespaces;
    /** Resources to include: plural, {@code plural.group} or Kind; empty: all. */
    private List<String> includedResources;
    /** Resources to leave out, same forms. */
    private List<String> excludedResources;
    /** true: all cluster-scoped types; false: none; unset: automatic (all for a whole-cluster run, else only the related ones). */
    private Boolean includeClusterResources;
    /** A Kubernetes label selector ({@code app=shop,tier!=cache}); unset: no filter. */
    private String labelSelector;
    /** Source namespace to target namespace. */
    private Map<String, String> namespaceMapping;
    /** Keep the status of restored items. */
    private Boolean restoreStatus;
    /** Keep Services' nodePorts. */
    private Boolean preserveNodePorts;
    /** {@code none} (leave existing items, report differences; the default) or {@code update}. */
    private dev.arca.api.ExistingResourcePolicy existingResourcePolicy;
    /** The BackupLocation holding the backup; unset: the default location. */
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    private String storageLocation;
    /** false: restore no volume data; unset or true: what the backup took. */
    private Boolean restoreVolumes;
    /** Absolute directories volume data may be written under ({@code --volume-root}); empty: anywhere but system directories. */
    private List<String> volumeRoots;

    public String getBackupName() {
        return backupName;
    }

    public void setBackupName(String backupName) {
        this.backupName = backupName;
    }

    public List<String> getIncludedNamespaces() {
        return includedNamespaces;
    }

    public void setIncludedNamespaces(List<String> includedNamespaces) {
        this.includedNamespaces = includedNamespaces;
    }

    public List<String> getExcludedNamespaces() {
        return excludedNamespaces;
    }

    public void setExcludedNamespaces(List<String> excludedNamespaces) {
        this.excludedNamespaces = excludedNamespaces;
    }

    public List<String> getIncludedResources() {
        return includedResources;
    }

    public void setIncludedResources(List<String> includedResources) {
        this.includedResources = includedResources;
    }

    public List<String> getExcludedResources() {
        return excludedResources;
    }

    public void setExcludedResources(List<String> excludedResources) {
        this.excludedResources = excludedResources;
    }

    public Boolean getIncludeClusterResources() {
        return includeClusterResources;
    }

    public void setIncludeClusterResources(Boolean includeClusterResources) {
        this.includeClusterResources = includeClusterResources;
    }

    public String getLabelSelector() {
        return labelSelector;
    }

    public void setLabelSelector(String labelSelector) {
        this.labelSelector = labelSelector;
    }

    public Map<String, String> getNamespaceMapping() {
        return namespaceMapping;
    }

    public void setNamespaceMapping(Map<String, String> namespaceMapping) {
        this.namespaceMapping = namespaceMapping;
    }

    public Boolean getRestoreStatus() {
        return restoreStatus;
    }

    public void setRestoreStatus(Boolean restoreStatus) {
        this.restoreStatus = restoreStatus;
    }

    public Boolean getPreserveNodePorts() {
        return preserveNodePorts;
    }

    public void setPreserveNodePorts(Boolean preserveNodePorts) {
        this.preserveNodePorts = preserveNodePorts;
    }

    public dev.arca.api.ExistingResourcePolicy getExistingResourcePolicy() {
        return existingResourcePolicy;
    }

    public void setExistingResourcePolicy(dev.arca.api.ExistingResourcePolicy existingResourcePolicy) {
        this.existingResourcePolicy = existingResourcePolicy;
    }

    public String getStorageLocation() {
        return storageLocation;
    }

    public void setStorageLocation(String storageLocation) {
        this.storageLocation = storageLocation;
    }

    public Boolean getRestoreVolumes() {
        return restoreVolumes;
    }

    public void setRestoreVolumes(Boolean restoreVolumes) {
        this.restoreVolumes = restoreVolumes;
    }

    public List<String> getVolumeRoots() {
        return volumeRoots;
    }

    public void setVolumeRoots(List<String> volumeRoots) {
        this.volumeRoots = volumeRoots;
    }
}

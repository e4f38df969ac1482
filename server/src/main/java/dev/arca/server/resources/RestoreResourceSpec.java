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
public class RestoreResourceSpec extends ResourceFilterSpec {
    /** The backup to restore from. */
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    private String backupName;
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
    /** A ConfigMap in the Restore's namespace whose single data key holds Velero resource-modifier rules. */
    private String resourceModifierConfigMap;
    /** Storage class of restored PVCs, PVs and StatefulSet claim templates: old → new. */
    private Map<String, String> storageClassMap;
    /** Image rules: {@code registry|repository|tag:add|remove|replace[:value]} or {@code old=new} (see docs/transforms.md). */
    private List<String> imageMap;
    /** Velero plugin-config ConfigMaps in the Restore's namespace (change-storage-class, change-image-name). */
    private List<String> mappingConfigMaps;
    /**
     * true: stop the run (within seconds) and end in phase Cancelled. Items applied before the stop
     * stay in the cluster, as after a failed restore; the record says which.
     */
    private Boolean cancel;
    /** An {@link Environment} in the Restore's namespace: its mapping, mappers and modifiers fill what this spec leaves unset. */
    @io.fabric8.generator.annotation.Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    private String environment;

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public Boolean getCancel() {
        return cancel;
    }

    public void setCancel(Boolean cancel) {
        this.cancel = cancel;
    }
    /** Init containers and post-restore exec hooks for the restored pods, in Velero's {@code hooks:} shape (docs/hooks.md). */
    private dev.arca.api.RestoreHooks hooks;

    public String getBackupName() {
        return backupName;
    }

    public void setBackupName(String backupName) {
        this.backupName = backupName;
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

    public String getResourceModifierConfigMap() {
        return resourceModifierConfigMap;
    }

    public void setResourceModifierConfigMap(String resourceModifierConfigMap) {
        this.resourceModifierConfigMap = resourceModifierConfigMap;
    }

    public Map<String, String> getStorageClassMap() {
        return storageClassMap;
    }

    public void setStorageClassMap(Map<String, String> storageClassMap) {
        this.storageClassMap = storageClassMap;
    }

    public List<String> getImageMap() {
        return imageMap;
    }

    public void setImageMap(List<String> imageMap) {
        this.imageMap = imageMap;
    }

    public List<String> getMappingConfigMaps() {
        return mappingConfigMaps;
    }

    public void setMappingConfigMaps(List<String> mappingConfigMaps) {
        this.mappingConfigMaps = mappingConfigMaps;
    }

    public dev.arca.api.RestoreHooks getHooks() {
        return hooks;
    }

    public void setHooks(dev.arca.api.RestoreHooks hooks) {
        this.hooks = hooks;
    }
}

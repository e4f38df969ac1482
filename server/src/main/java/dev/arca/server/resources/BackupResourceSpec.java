package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/**
 * What a {@link Backup} takes: the same choices as {@code arca backup create} ({@link dev.arca.api.BackupSpec}),
 * plus the schedule that made it. Names match the api record's fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupResourceSpec extends ResourceFilterSpec {
    /** An item matching any of these selectors is included; only with labelSelector unset. */
    private List<String> orLabelSelectors;
    /** The BackupLocation to write to; unset: the default location. */
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    private String storageLocation;
    /** How long the backup is kept, as {@code arca backup create --ttl} takes it ({@code 720h}, {@code 30d}); unset: 30 days. */
    @Pattern("^([0-9]+[dhms])+$")
    private String ttl;
    /** true: back up every PVC-backed pod volume unless a pod's {@code backup.arca.dev/volumes-excludes} names it. */
    private Boolean defaultVolumesToFsBackup;
    /** Rules that skip or force volumes by storage class or capacity; unset: none. */
    private VolumePolicySpec volumePolicy;
    /** The Schedule that made this backup; unset for a backup made by hand. */
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    private String schedule;
    /** true: stop the run (within seconds), discard what it wrote, and end in phase Cancelled. */
    private Boolean cancel;
    /** Exec hooks run in the backed-up pods before and after the collection, in Velero's {@code hooks:} shape (docs/hooks.md). */
    private dev.arca.api.BackupHooks hooks;

    public List<String> getOrLabelSelectors() {
        return orLabelSelectors;
    }

    public void setOrLabelSelectors(List<String> orLabelSelectors) {
        this.orLabelSelectors = orLabelSelectors;
    }

    public String getStorageLocation() {
        return storageLocation;
    }

    public void setStorageLocation(String storageLocation) {
        this.storageLocation = storageLocation;
    }

    public String getTtl() {
        return ttl;
    }

    public void setTtl(String ttl) {
        this.ttl = ttl;
    }

    public Boolean getDefaultVolumesToFsBackup() {
        return defaultVolumesToFsBackup;
    }

    public void setDefaultVolumesToFsBackup(Boolean defaultVolumesToFsBackup) {
        this.defaultVolumesToFsBackup = defaultVolumesToFsBackup;
    }

    public VolumePolicySpec getVolumePolicy() {
        return volumePolicy;
    }

    public void setVolumePolicy(VolumePolicySpec volumePolicy) {
        this.volumePolicy = volumePolicy;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public Boolean getCancel() {
        return cancel;
    }

    public void setCancel(Boolean cancel) {
        this.cancel = cancel;
    }

    public dev.arca.api.BackupHooks getHooks() {
        return hooks;
    }

    public void setHooks(dev.arca.api.BackupHooks hooks) {
        this.hooks = hooks;
    }
}

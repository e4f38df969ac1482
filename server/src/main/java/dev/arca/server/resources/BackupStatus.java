package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What happened to a {@link Backup}: written by the server only, through the status subresource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupStatus {
    /** Where the run is; unset means New. */
    private BackupPhase phase;
    /** When the run started (RFC 3339). */
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    private String startTimestamp;
    /** When the run finished (RFC 3339). */
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    private String completionTimestamp;
    /** When the backup expires and garbage collection may delete it (RFC 3339). */
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    private String expiration;
    /** Items done so far and the total, while it runs and after. */
    private BackupProgress progress;
    /** Items that failed. */
    @Min(0)
    private Integer errors;
    /** Items done with a warning. */
    @Min(0)
    private Integer warnings;
    /** Volumes whose data the backup took. */
    private VolumesSummary volumes;
    /** Standard conditions ({@code type}, {@code status}, {@code reason}, {@code message}, {@code lastTransitionTime}). */
    private List<Condition> conditions;
    /** The spec generation this status describes. */
    @Min(0)
    private Long observedGeneration;
    /** Why the run failed or was cancelled, with what to do next; unset otherwise. */
    private String failureReason;

    public BackupPhase getPhase() {
        return phase;
    }

    public void setPhase(BackupPhase phase) {
        this.phase = phase;
    }

    public String getStartTimestamp() {
        return startTimestamp;
    }

    public void setStartTimestamp(String startTimestamp) {
        this.startTimestamp = startTimestamp;
    }

    public String getCompletionTimestamp() {
        return completionTimestamp;
    }

    public void setCompletionTimestamp(String completionTimestamp) {
        this.completionTimestamp = completionTimestamp;
    }

    public String getExpiration() {
        return expiration;
    }

    public void setExpiration(String expiration) {
        this.expiration = expiration;
    }

    public BackupProgress getProgress() {
        return progress;
    }

    public void setProgress(BackupProgress progress) {
        this.progress = progress;
    }

    public Integer getErrors() {
        return errors;
    }

    public void setErrors(Integer errors) {
        this.errors = errors;
    }

    public Integer getWarnings() {
        return warnings;
    }

    public void setWarnings(Integer warnings) {
        this.warnings = warnings;
    }

    public VolumesSummary getVolumes() {
        return volumes;
    }

    public void setVolumes(VolumesSummary volumes) {
        this.volumes = volumes;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getFailureReason() {
        return failureReason;
    }

    public void setFailureReason(String failureReason) {
        this.failureReason = failureReason;
    }
}

package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the server decided about a {@link Schedule}: written through the status subresource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleStatus {
    /** New, Enabled, Paused or FailedValidation. */
    private SchedulePhase phase;
    /** The name of the newest Backup the schedule made. */
    private String lastBackup;
    /** The name of the newest of its Backups that Completed. */
    private String lastSuccessfulBackup;
    /** The scheduled time of the newest run (RFC 3339). */
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    private String lastScheduleTime;
    /** When the next run is due (RFC 3339); unset while paused or invalid. */
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    private String nextRunTime;
    /** Every problem of the spec, each naming its field; empty when valid. */
    private List<String> validationErrors;
    /** Standard conditions. */
    private List<Condition> conditions;
    /** The spec generation this status describes. */
    @Min(0)
    private Long observedGeneration;

    public SchedulePhase getPhase() {
        return phase;
    }

    public void setPhase(SchedulePhase phase) {
        this.phase = phase;
    }

    public String getLastBackup() {
        return lastBackup;
    }

    public void setLastBackup(String lastBackup) {
        this.lastBackup = lastBackup;
    }

    public String getLastSuccessfulBackup() {
        return lastSuccessfulBackup;
    }

    public void setLastSuccessfulBackup(String lastSuccessfulBackup) {
        this.lastSuccessfulBackup = lastSuccessfulBackup;
    }

    public String getLastScheduleTime() {
        return lastScheduleTime;
    }

    public void setLastScheduleTime(String lastScheduleTime) {
        this.lastScheduleTime = lastScheduleTime;
    }

    public String getNextRunTime() {
        return nextRunTime;
    }

    public void setNextRunTime(String nextRunTime) {
        this.nextRunTime = nextRunTime;
    }

    public List<String> getValidationErrors() {
        return validationErrors;
    }

    public void setValidationErrors(List<String> validationErrors) {
        this.validationErrors = validationErrors;
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
}

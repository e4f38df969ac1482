package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the status of a {@link Backup} and of a {@link Restore} both say about their run: when it
 * started and finished, its error and warning counts, conditions, the generation observed and why
 * it failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunStatus {
    /** When the run started (RFC 3339). */
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    private String startTimestamp;
    /** When the run finished (RFC 3339). */
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    private String completionTimestamp;
    /** Items that failed. */
    @Min(0)
    private Integer errors;
    /** Items done with a warning. */
    @Min(0)
    private Integer warnings;
    /** Standard conditions ({@code type}, {@code status}, {@code reason}, {@code message}, {@code lastTransitionTime}). */
    private List<Condition> conditions;
    /** The spec generation this status describes. */
    @Min(0)
    private Long observedGeneration;
    /** Why the run failed or was cancelled, with what to do next; unset otherwise. */
    private String failureReason;
    /** The server run that works on it: a run that finds another's id here after a failover resumes it. */
    private String runId;

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

    public String getRunId() {
        return runId;
    }

    public void setRunId(String runId) {
        this.runId = runId;
    }
}

package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * When a {@link Schedule} runs, what each run backs up, and which of its backups are kept.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleSpec {
    /** A 5-field cron expression, a nickname ({@code @daily}) or {@code @every 6h}. */
    @Required
    @Pattern("^(@(hourly|daily|weekly|monthly|yearly|annually|midnight)|@every [0-9][0-9.a-z]*|[^ ]+( +[^ ]+){4})$")
    private String schedule;
    /** An IANA time zone ({@code Europe/Paris}) the cron fields are read in; unset: UTC. */
    private String timeZone;
    /** true: no runs start; unset: false. */
    private Boolean paused;
    /** true: on unpause, skip the run missed while paused and wait for the next one. */
    private Boolean skipImmediately;
    /** What a run does while the previous backup still runs; unset: Forbid. */
    private ScheduleConcurrencyPolicy concurrencyPolicy;
    /** A missed run (outage) starts as one catch-up run only within this many seconds of its time; unset: no limit. */
    @Min(0)
    private Long startingDeadlineSeconds;
    /** The spec of each Backup the schedule makes (its {@code schedule} field is filled in). */
    @Required
    private BackupResourceSpec template;
    /** Which of the schedule's backups are kept; unset: each backup's ttl decides. */
    private RetentionSpec retention;

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public Boolean getPaused() {
        return paused;
    }

    public void setPaused(Boolean paused) {
        this.paused = paused;
    }

    public Boolean getSkipImmediately() {
        return skipImmediately;
    }

    public void setSkipImmediately(Boolean skipImmediately) {
        this.skipImmediately = skipImmediately;
    }

    public ScheduleConcurrencyPolicy getConcurrencyPolicy() {
        return concurrencyPolicy;
    }

    public void setConcurrencyPolicy(ScheduleConcurrencyPolicy concurrencyPolicy) {
        this.concurrencyPolicy = concurrencyPolicy;
    }

    public Long getStartingDeadlineSeconds() {
        return startingDeadlineSeconds;
    }

    public void setStartingDeadlineSeconds(Long startingDeadlineSeconds) {
        this.startingDeadlineSeconds = startingDeadlineSeconds;
    }

    public BackupResourceSpec getTemplate() {
        return template;
    }

    public void setTemplate(BackupResourceSpec template) {
        this.template = template;
    }

    public RetentionSpec getRetention() {
        return retention;
    }

    public void setRetention(RetentionSpec retention) {
        this.retention = retention;
    }
}

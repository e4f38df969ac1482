package dev.arca.server.retention;

import dev.arca.api.Phase;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * What the retention planner needs to know of one backup.
 *
 * <p>Only {@link Phase#Completed} counts as successful (GFS buckets, minSuccessful).
 * {@link Phase#PartiallyFailed} holds restorable data, so keepLast counts it, but it never fills a
 * GFS bucket nor the minSuccessful floor. {@link Phase#Failed} is covered by no count rule: only
 * ttl removes it. A backup in phase New or InProgress is in progress whatever {@code inProgress}
 * says.
 *
 * @param name           the backup's name, unique in its location
 * @param schedule       the schedule that made it
 * @param started        when it started; its GFS buckets are the periods holding this instant
 * @param phase          its phase
 * @param immutableUntil the backup may not be deleted before this instant (object lock), or null
 * @param leased         a restore holds a lease on it: never deletable
 * @param inProgress     it is still being written: never deletable
 */
public record BackupRecord(String name, String schedule, Instant started, Phase phase,
                           Instant immutableUntil, boolean leased, boolean inProgress) {

    /** Newest first; of two backups started at the same instant the greater name counts as newer. */
    public static final Comparator<BackupRecord> NEWEST_FIRST = Comparator
            .comparing(BackupRecord::started).thenComparing(BackupRecord::name).reversed();

    public BackupRecord {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a backup record needs a name (schedule " + schedule + ")");
        }
        Objects.requireNonNull(schedule, () -> "backup " + name + ": schedule name is missing");
        Objects.requireNonNull(started, () -> "backup " + name + ": start time is missing");
        Objects.requireNonNull(phase, () -> "backup " + name + ": phase is missing");
    }

    /** A finished backup, neither immutable nor leased. */
    public static BackupRecord of(String name, String schedule, Instant started, Phase phase) {
        return new BackupRecord(name, schedule, started, phase, null, false, false);
    }

    /** Completed: counts for GFS buckets and for minSuccessful. */
    public boolean successful() {
        return phase == Phase.Completed;
    }

    /** Completed or PartiallyFailed: holds restorable data, so keepLast counts it. */
    public boolean holdsData() {
        return phase == Phase.Completed || phase == Phase.PartiallyFailed;
    }

    /** Still being written: the flag, or a phase that is not final. */
    public boolean running() {
        return inProgress || !phase.isFinal();
    }

    /** Immutable at {@code now}. */
    public boolean immutableAt(Instant now) {
        return immutableUntil != null && immutableUntil.isAfter(now);
    }
}

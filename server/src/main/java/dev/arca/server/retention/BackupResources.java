package dev.arca.server.retention;

import dev.arca.api.ArcaException;
import dev.arca.api.Phase;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.Resources;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a Schedule's {@link Backup} resources to the {@link BackupRecord}s the
 * {@link RetentionPlanner} plans over; used by the garbage collector and by
 * {@code arca schedule retention-plan}.
 *
 * <ul>
 *   <li><b>Whose:</b> a backup belongs to the schedule its {@value Resources#SCHEDULE_LABEL} label
 *       names, or, without that label, the one its {@code spec.schedule} names. Backups of other
 *       schedules and hand-made ones are left out.</li>
 *   <li><b>Started:</b> {@code status.startTimestamp}, else {@code metadata.creationTimestamp}
 *       (a backup that has not started yet is placed at its creation).</li>
 *   <li><b>Phase:</b> no status or no phase is New; New and InProgress are running, so always
 *       kept; Completed, PartiallyFailed and Failed map to themselves; Cancelled maps to Failed
 *       (it holds no restorable data: no count rule keeps it, only ttl removes it).</li>
 *   <li><b>Being deleted:</b> phase Deleting, or a {@code metadata.deletionTimestamp}, is left out:
 *       neither kept nor counted, so it cannot take the place of a backup a count rule should keep.</li>
 *   <li><b>Leases and immutability</b> are not on the resource: restore leases and a location's
 *       immutability period live in the location itself (the engine's {@code BackupLease} and
 *       {@code ImmutabilityPeriod}), so every record has {@code leased = false} and
 *       {@code immutableUntil = null}. The deleter checks both again in the location and refuses
 *       a leased or immutable backup, so a plan's DELETE is a proposal the location can still veto.</li>
 * </ul>
 */
public final class BackupResources {

    private BackupResources() {
    }

    /**
     * The records of {@code schedule}'s backups among {@code backups}, in the order given.
     *
     * @throws ArcaException.InvalidInput when one of them has no time to place it by, or a
     *                                    {@code status.startTimestamp} that is not RFC 3339
     */
    public static List<BackupRecord> records(String schedule, List<Backup> backups) {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(backups, () -> "schedule " + schedule + ": the list of backups is missing");
        List<BackupRecord> records = new ArrayList<>();
        for (Backup backup : backups) {
            if (schedule.equals(scheduleOf(backup)) && !beingDeleted(backup)) {
                records.add(new BackupRecord(backup.getMetadata().getName(), schedule, started(backup),
                        phase(backup), null, false, false));
            }
        }
        return records;
    }

    /** The schedule a backup belongs to: its schedule label, else its spec.schedule; null for neither. */
    public static String scheduleOf(Backup backup) {
        Map<String, String> labels = backup.getMetadata() == null ? null : backup.getMetadata().getLabels();
        String label = labels == null ? null : labels.get(Resources.SCHEDULE_LABEL);
        if (label != null) {
            return label;
        }
        return backup.getSpec() == null ? null : backup.getSpec().getSchedule();
    }

    /** The planner's phase for a backup's status phase; see the class comment. Not for Deleting. */
    static Phase phase(Backup backup) {
        BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().getPhase();
        if (phase == null) {
            return Phase.New;
        }
        return switch (phase) {
            case New -> Phase.New;
            case InProgress -> Phase.InProgress;
            case Completed -> Phase.Completed;
            case PartiallyFailed -> Phase.PartiallyFailed;
            case Failed, Cancelled -> Phase.Failed;
            case Deleting -> throw new IllegalArgumentException("backup " + backup.getMetadata().getName()
                    + " is being deleted; it has no place in a retention plan");
        };
    }

    private static boolean beingDeleted(Backup backup) {
        return backup.getMetadata().getDeletionTimestamp() != null
                || backup.getStatus() != null && backup.getStatus().getPhase() == BackupPhase.Deleting;
    }

    private static Instant started(Backup backup) {
        String name = backup.getMetadata().getName();
        String start = backup.getStatus() == null ? null : backup.getStatus().getStartTimestamp();
        if (start != null) {
            return instant(name, "status.startTimestamp", start);
        }
        String created = backup.getMetadata().getCreationTimestamp();
        if (created != null) {
            return instant(name, "metadata.creationTimestamp", created);
        }
        throw new ArcaException.InvalidInput("backup " + name + " has neither status.startTimestamp nor"
                + " metadata.creationTimestamp, so retention cannot place it; read it from the API server, which sets"
                + " creationTimestamp");
    }

    private static Instant instant(String backup, String field, String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new ArcaException.InvalidInput("backup " + backup + " has " + field + " \"" + text
                    + "\", which is not an RFC 3339 time such as 2026-12-05T02:00:00Z; fix it, or delete the"
                    + " backup resource and let sync recreate it from the location", e);
        }
    }
}

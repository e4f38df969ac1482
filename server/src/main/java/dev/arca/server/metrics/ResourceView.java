package dev.arca.server.metrics;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.LocationPhase;
import dev.arca.server.resources.Resources;
import dev.arca.server.resources.Schedule;
import dev.arca.server.resources.ScheduleSpec;
import dev.arca.server.schedule.ScheduleTiming;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The values of the resource-derived gauges, computed from one {@link ClusterSnapshot}: a pure
 * function of the resources and the time, so a restart or a second replica reports the same
 * values (Velero #6809, #9374 kept {@code last_status} in memory). Only schedules that exist, plus
 * {@code ""} (backups made by hand), get series, so a deleted schedule's series disappear (#1333).
 */
record ResourceView(long backups, long restores, Map<String, ScheduleState> schedules, Map<String, Boolean> locations) {

    /** What the gauges say about one schedule; an empty field means no series. */
    record ScheduleState(Optional<Boolean> lastSucceeded, Optional<Instant> lastSuccess,
                         Optional<Duration> expectedInterval, Optional<Instant> created) {
    }

    ResourceView {
        schedules = Map.copyOf(schedules);
        locations = Map.copyOf(locations);
    }

    static ResourceView empty() {
        return new ResourceView(0, 0, Map.of(), Map.of());
    }

    static ResourceView of(ClusterSnapshot snapshot, Instant now) {
        Map<String, List<Backup>> bySchedule = new HashMap<>();
        for (Backup backup : snapshot.backups()) {
            bySchedule.computeIfAbsent(scheduleOf(backup), k -> new ArrayList<>()).add(backup);
        }
        Map<String, ScheduleState> schedules = new TreeMap<>();
        schedules.put("", backupState(bySchedule.getOrDefault("", List.of()), Optional.empty(), Optional.empty()));
        for (Schedule schedule : snapshot.schedules()) {
            String name = schedule.getMetadata().getName();
            schedules.put(name, backupState(bySchedule.getOrDefault(name, List.of()),
                    expectedInterval(schedule.getSpec(), now), created(schedule)));
        }
        Map<String, Boolean> locations = new LinkedHashMap<>();
        for (BackupLocation location : snapshot.locations()) {
            if (location.getStatus() != null && location.getStatus().getPhase() != null) {
                locations.put(location.getMetadata().getName(), location.getStatus().getPhase() == LocationPhase.Available);
            }
        }
        return new ResourceView(snapshot.backups().size(), snapshot.restores().size(), schedules, locations);
    }

    /** The same view without one schedule's series. */
    ResourceView without(String schedule) {
        Map<String, ScheduleState> rest = new TreeMap<>(schedules);
        rest.remove(schedule);
        return new ResourceView(backups, restores, rest, locations);
    }

    /** The Schedule that made a backup: its spec, else its label, else {@code ""} (made by hand). */
    static String scheduleOf(Backup backup) {
        if (backup.getSpec() != null && backup.getSpec().getSchedule() != null) {
            return backup.getSpec().getSchedule();
        }
        Map<String, String> labels = backup.getMetadata() == null ? null : backup.getMetadata().getLabels();
        String label = labels == null ? null : labels.get(Resources.SCHEDULE_LABEL);
        return label == null ? "" : label;
    }

    private static ScheduleState backupState(List<Backup> backups, Optional<Duration> interval, Optional<Instant> created) {
        Optional<Backup> lastFinished = backups.stream()
                .filter(b -> finished(phase(b)))
                .max(Comparator.comparing(ResourceView::finishedAt));
        Optional<Instant> lastSuccess = backups.stream()
                .filter(b -> phase(b) == BackupPhase.Completed)
                .map(ResourceView::finishedAt)
                .max(Comparator.naturalOrder());
        return new ScheduleState(lastFinished.map(b -> phase(b) == BackupPhase.Completed), lastSuccess, interval, created);
    }

    /** Completed, PartiallyFailed and Failed count for last_status, as Velero; Cancelled does not (nothing failed). */
    private static boolean finished(BackupPhase phase) {
        return phase == BackupPhase.Completed || phase == BackupPhase.PartiallyFailed || phase == BackupPhase.Failed;
    }

    private static BackupPhase phase(Backup backup) {
        return backup.getStatus() == null ? null : backup.getStatus().getPhase();
    }

    /** When a backup finished: its completion time, else its start, else its creation, else the epoch. */
    private static Instant finishedAt(Backup backup) {
        var status = backup.getStatus();
        return time(status == null ? null : status.getCompletionTimestamp())
                .or(() -> time(status == null ? null : status.getStartTimestamp()))
                .or(() -> created(backup))
                .orElse(Instant.EPOCH);
    }

    /**
     * A schedule that runs gets an expected interval; a paused one, or one whose expression or zone
     * does not parse (its status says why), gets none, so "no successful backup" does not fire for it.
     */
    private static Optional<Duration> expectedInterval(ScheduleSpec spec, Instant now) {
        if (spec == null || Boolean.TRUE.equals(spec.getPaused()) || spec.getSchedule() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ScheduleTiming.of(spec.getSchedule(), spec.getTimeZone()).expectedInterval(now));
        } catch (RuntimeException invalid) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> created(HasMetadata resource) {
        return resource.getMetadata() == null ? Optional.empty() : time(resource.getMetadata().getCreationTimestamp());
    }

    private static Optional<Instant> time(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(rfc3339).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

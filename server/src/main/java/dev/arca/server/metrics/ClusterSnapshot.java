package dev.arca.server.metrics;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.Restore;
import dev.arca.server.resources.Schedule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Arca resources as the server's caches hold them now: what the gauges that must not come from
 * memory ({@code last_status}, {@code last_successful_timestamp}, {@code backup_total}, location
 * status, expected interval) are computed from. {@code null} lists mean none.
 */
public record ClusterSnapshot(List<Backup> backups, List<Restore> restores, List<Schedule> schedules,
                              List<BackupLocation> locations) {
    public ClusterSnapshot {
        backups = backups == null ? List.of() : List.copyOf(backups);
        restores = restores == null ? List.of() : List.copyOf(restores);
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
        locations = locations == null ? List.of() : List.copyOf(locations);
    }

    /**
     * Where each Schedule writes: its template's location, else the default BackupLocation's name;
     * a schedule whose location cannot be told yet is left out.
     */
    public Map<String, String> scheduleLocations() {
        String fallback = defaultLocation().orElse(null);
        Map<String, String> out = new TreeMap<>();
        for (Schedule schedule : schedules) {
            BackupResourceSpec template = schedule.getSpec() == null ? null : schedule.getSpec().getTemplate();
            String location = template != null && template.getStorageLocation() != null ? template.getStorageLocation() : fallback;
            if (location != null) {
                out.put(schedule.getMetadata().getName(), location);
            }
        }
        return out;
    }

    /** The BackupLocation marked default: where a backup that names none goes. */
    public Optional<String> defaultLocation() {
        return locations.stream()
                .filter(l -> l.getSpec() != null && Boolean.TRUE.equals(l.getSpec().getDefaultLocation()))
                .map(l -> l.getMetadata().getName())
                .findFirst();
    }

    public static ClusterSnapshot empty() {
        return new ClusterSnapshot(List.of(), List.of(), List.of(), List.of());
    }
}

package dev.arca.server.metrics;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.BackupLocationStatus;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.BackupStatus;
import dev.arca.server.resources.LocationPhase;
import dev.arca.server.resources.Schedule;
import dev.arca.server.resources.ScheduleSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resources as the informers would hand them over, and reading a value back from the scrape text. */
final class Fixtures {
    private Fixtures() {
    }

    static Backup backup(String name, String schedule, BackupPhase phase, String completedAt) {
        Backup backup = new Backup();
        backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("arca").build());
        BackupResourceSpec spec = new BackupResourceSpec();
        spec.setSchedule(schedule);
        backup.setSpec(spec);
        BackupStatus status = new BackupStatus();
        status.setPhase(phase);
        status.setCompletionTimestamp(completedAt);
        backup.setStatus(status);
        return backup;
    }

    static Schedule schedule(String name, String expression, boolean paused, String createdAt) {
        Schedule schedule = new Schedule();
        schedule.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("arca")
                .withCreationTimestamp(createdAt).build());
        ScheduleSpec spec = new ScheduleSpec();
        spec.setSchedule(expression);
        spec.setPaused(paused);
        spec.setTemplate(new BackupResourceSpec());
        schedule.setSpec(spec);
        return schedule;
    }

    static BackupLocation location(String name, boolean isDefault, LocationPhase phase) {
        BackupLocation location = new BackupLocation();
        location.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("arca").build());
        BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
        spec.setDefaultLocation(isDefault);
        location.setSpec(spec);
        if (phase != null) {
            BackupLocationStatus status = new BackupLocationStatus();
            status.setPhase(phase);
            location.setStatus(status);
        }
        return location;
    }

    /** The value of one series in Prometheus text, {@code null} when the series is absent. */
    static Double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    /** {@code name{backup_location_name="location",schedule="schedule"}}, labels in the exporter's order. */
    static String run(String name, String schedule, String location) {
        return name + "{backup_location_name=\"" + location + "\",schedule=\"" + schedule + "\"}";
    }

    static String perSchedule(String name, String schedule) {
        return name + "{schedule=\"" + schedule + "\"}";
    }
}

package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.RetentionSpec;
import dev.arca.server.resources.Schedule;
import dev.arca.server.resources.ScheduleSpec;
import dev.arca.server.resources.ScheduleStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The human forms of Schedule resources: the row {@code schedule get} prints and the text of {@code describe}. */
final class ScheduleDescriber {
    static final String[] HEADER = {"NAME", "SCHEDULE", "TIME ZONE", "PAUSED", "LAST BACKUP", "NEXT RUN", "AGE"};

    private ScheduleDescriber() {
    }

    static String[] row(Schedule s, Instant now) {
        ScheduleSpec spec = s.getSpec();
        ScheduleStatus status = s.getStatus();
        return new String[] {s.getMetadata().getName(), spec.getSchedule(), zone(spec),
            String.valueOf(Boolean.TRUE.equals(spec.getPaused())),
            status == null || status.getLastBackup() == null ? Times.NONE : status.getLastBackup(),
            status == null ? Times.NONE : time(status.getNextRunTime()), age(s, now)};
    }

    static void describe(PrintWriter out, Schedule s, Instant now) {
        ScheduleSpec spec = s.getSpec();
        out.println("Name:               " + s.getMetadata().getName());
        out.println("Namespace:          " + s.getMetadata().getNamespace());
        out.println("Schedule:           " + spec.getSchedule());
        out.println("Time zone:          " + zone(spec));
        out.println("Paused:             " + Boolean.TRUE.equals(spec.getPaused())
                + (Boolean.TRUE.equals(spec.getSkipImmediately()) ? " (skipImmediately: runs missed while paused are skipped)" : ""));
        out.println("Concurrency policy: " + (spec.getConcurrencyPolicy() == null ? "Forbid" : spec.getConcurrencyPolicy()));
        out.println("Starting deadline:  " + (spec.getStartingDeadlineSeconds() == null ? "none"
                : Durations.human(Duration.ofSeconds(spec.getStartingDeadlineSeconds())) + " (" + spec.getStartingDeadlineSeconds() + "s)"));
        out.println("Age:                " + age(s, now));
        template(out, spec.getTemplate());
        retention(out, spec.getRetention());
        status(out, s.getStatus());
    }

    private static void template(PrintWriter out, BackupResourceSpec t) {
        out.println();
        out.println("Backup template:");
        if (t == null) {
            out.println("  <none>");
            return;
        }
        out.println("  Namespaces:       included " + list(t.getIncludedNamespaces(), "*") + ", excluded "
                + list(t.getExcludedNamespaces(), "<none>"));
        out.println("  Resources:        included " + list(t.getIncludedResources(), "*") + ", excluded "
                + list(t.getExcludedResources(), "<none>"));
        out.println("  Cluster-scoped:   " + (t.getIncludeClusterResources() == null ? "auto" : t.getIncludeClusterResources()));
        if (t.getLabelSelector() != null) {
            out.println("  Label selector:   " + t.getLabelSelector());
        }
        if (t.getOrLabelSelectors() != null && !t.getOrLabelSelectors().isEmpty()) {
            out.println("  Or selectors:     " + String.join(" or ", t.getOrLabelSelectors()));
        }
        out.println("  Location:         " + (t.getStorageLocation() == null ? "<default>" : t.getStorageLocation()));
        out.println("  TTL:              " + (t.getTtl() == null ? "720h (default)" : t.getTtl()));
        out.println("  Volumes:          " + (Boolean.TRUE.equals(t.getDefaultVolumesToFsBackup())
                ? "every PVC-backed pod volume" : "those pods' backup.arca.dev/volumes annotations name"));
        if (t.getVolumePolicy() != null && t.getVolumePolicy().getRules() != null) {
            out.println("  Volume policy:    " + t.getVolumePolicy().getRules().size() + " rule(s)");
        }
    }

    private static void retention(PrintWriter out, RetentionSpec r) {
        out.println();
        out.println("Retention:");
        if (r == null) {
            out.println("  <none>: each backup's ttl decides");
            return;
        }
        List<String> rules = new ArrayList<>();
        add(rules, "keepLast", r.getKeepLast());
        add(rules, "hourly", r.getHourly());
        add(rules, "daily", r.getDaily());
        add(rules, "weekly", r.getWeekly());
        add(rules, "monthly", r.getMonthly());
        add(rules, "yearly", r.getYearly());
        add(rules, "minSuccessful", r.getMinSuccessful());
        if (r.getTtl() != null) {
            rules.add("ttl " + r.getTtl());
        }
        out.println("  " + (rules.isEmpty() ? "<none>: keeps everything" : String.join(", ", rules)));
    }

    private static void status(PrintWriter out, ScheduleStatus st) {
        out.println();
        if (st == null) {
            out.println("Status:             <none>: the Arca server has not seen this schedule yet (is it installed and running?)");
            return;
        }
        out.println("Phase:              " + (st.getPhase() == null ? "New" : st.getPhase()));
        out.println("Last backup:        " + (st.getLastBackup() == null ? Times.NONE : st.getLastBackup()));
        out.println("Last successful:    " + (st.getLastSuccessfulBackup() == null ? Times.NONE : st.getLastSuccessfulBackup()));
        out.println("Last scheduled:     " + time(st.getLastScheduleTime()));
        out.println("Next run:           " + time(st.getNextRunTime()));
        if (st.getValidationErrors() != null && !st.getValidationErrors().isEmpty()) {
            out.println("Validation errors:");
            st.getValidationErrors().forEach(e -> out.println("  - " + e));
        }
        out.println();
        out.println("Conditions:" + (st.getConditions() == null || st.getConditions().isEmpty() ? " <none>" : ""));
        if (st.getConditions() != null) {
            for (Condition c : st.getConditions()) {
                out.println("  " + c.getType() + "=" + c.getStatus() + (c.getReason() == null ? "" : " (" + c.getReason() + ")")
                        + (c.getMessage() == null ? "" : ": " + c.getMessage()));
            }
        }
    }

    private static void add(List<String> rules, String name, Integer value) {
        if (value != null && value > 0) {
            rules.add(name + " " + value);
        }
    }

    private static String list(List<String> values, String none) {
        return values == null || values.isEmpty() ? none : String.join(", ", values);
    }

    private static String zone(ScheduleSpec spec) {
        return spec.getTimeZone() == null || spec.getTimeZone().isBlank() ? "UTC" : spec.getTimeZone();
    }

    /** An RFC 3339 time of the status as the human forms show instants; the text itself when it is no time. */
    static String time(String rfc3339) {
        if (rfc3339 == null) {
            return Times.NONE;
        }
        try {
            return Times.at(OffsetDateTime.parse(rfc3339).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return rfc3339;
        }
    }

    private static String age(Schedule s, Instant now) {
        String created = s.getMetadata().getCreationTimestamp();
        return created == null ? Times.NONE : Durations.human(Duration.between(OffsetDateTime.parse(created).toInstant(), now).abs());
    }
}

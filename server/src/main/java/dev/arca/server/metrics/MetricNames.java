package dev.arca.server.metrics;

import java.util.Map;

/**
 * The Prometheus names and labels Arca exposes: Velero's names under {@code arca_} (same meaning,
 * same {@code schedule} and {@code backup_location_name} labels), then Arca's own. The alert rules
 * and docs/metrics.md use these names; a rename breaks dashboards, so it is a breaking change.
 */
public final class MetricNames {
    /** The Schedule that made a backup (or the restored backup); {@code ""} for one made by hand, as Velero. */
    public static final String SCHEDULE = "schedule";
    /** The BackupLocation written to or read from, as Velero's location gauge names it. */
    public static final String LOCATION = "backup_location_name";

    // Velero's set, under arca_
    public static final String BACKUP_TOTAL = "arca_backup_total";
    public static final String BACKUP_ATTEMPT = "arca_backup_attempt_total";
    public static final String BACKUP_SUCCESS = "arca_backup_success_total";
    public static final String BACKUP_PARTIAL_FAILURE = "arca_backup_partial_failure_total";
    public static final String BACKUP_FAILURE = "arca_backup_failure_total";
    public static final String BACKUP_DURATION = "arca_backup_duration_seconds";
    public static final String BACKUP_ITEMS = "arca_backup_items_total";
    public static final String BACKUP_LAST_SUCCESSFUL = "arca_backup_last_successful_timestamp";
    public static final String BACKUP_LAST_STATUS = "arca_backup_last_status";
    public static final String RESTORE_TOTAL = "arca_restore_total";
    public static final String RESTORE_ATTEMPT = "arca_restore_attempt_total";
    public static final String RESTORE_SUCCESS = "arca_restore_success_total";
    public static final String RESTORE_PARTIAL_FAILURE = "arca_restore_partial_failure_total";
    public static final String RESTORE_FAILED = "arca_restore_failed_total";
    public static final String LOCATION_STATUS = "arca_backup_location_status_gauge";

    // Arca's own
    public static final String SCHEDULE_EXPECTED_INTERVAL = "arca_schedule_expected_interval_seconds";
    public static final String SCHEDULE_CREATION = "arca_schedule_creation_timestamp";
    public static final String BACKUP_CANCELLED = "arca_backup_cancelled_total";
    public static final String BACKUP_UPLOADED_BYTES = "arca_backup_uploaded_bytes_total";
    public static final String BACKUP_DEDUP_RATIO = "arca_backup_dedup_ratio";
    public static final String RESTORE_CANCELLED = "arca_restore_cancelled_total";
    public static final String RESTORE_DURATION = "arca_restore_duration_seconds";
    public static final String RETENTION_DELETED = "arca_retention_deleted_backups_total";
    public static final String SYNC_DURATION = "arca_backup_sync_duration_seconds";
    public static final String SYNC_ADDED = "arca_backup_sync_added_total";
    public static final String SYNC_REMOVED = "arca_backup_sync_removed_total";

    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry(BACKUP_ATTEMPT, "Backup runs started"),
            Map.entry(BACKUP_SUCCESS, "Backup runs that ended Completed"),
            Map.entry(BACKUP_PARTIAL_FAILURE, "Backup runs that ended PartiallyFailed"),
            Map.entry(BACKUP_FAILURE, "Backup runs that ended Failed"),
            Map.entry(BACKUP_CANCELLED, "Backup runs that ended Cancelled"),
            Map.entry(BACKUP_DURATION, "How long a backup run took, start to end"),
            Map.entry(BACKUP_UPLOADED_BYTES, "Bytes backup runs wrote to the location (archive and new volume data)"),
            Map.entry(RESTORE_ATTEMPT, "Restore runs started"),
            Map.entry(RESTORE_SUCCESS, "Restore runs that ended Completed"),
            Map.entry(RESTORE_PARTIAL_FAILURE, "Restore runs that ended PartiallyFailed"),
            Map.entry(RESTORE_FAILED, "Restore runs that ended Failed"),
            Map.entry(RESTORE_CANCELLED, "Restore runs that ended Cancelled"),
            Map.entry(RESTORE_DURATION, "How long a restore run took, start to end"),
            Map.entry(RETENTION_DELETED, "Backups the schedule's retention policy deleted"));

    private MetricNames() {
    }

    /** The HELP text of an event-driven metric. */
    static String help(String prometheusName) {
        return HELP.getOrDefault(prometheusName, "");
    }

    /** The Micrometer name of a Prometheus counter or timer name: its {@code _total} or {@code _seconds} suffix is added back on export. */
    static String meterName(String prometheusName) {
        return prometheusName.replaceFirst("(_total|_seconds)$", "");
    }
}

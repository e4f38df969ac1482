package dev.arca.server.metrics;

import static dev.arca.server.metrics.MetricNames.LOCATION;
import static dev.arca.server.metrics.MetricNames.SCHEDULE;
import static dev.arca.server.metrics.MetricNames.meterName;

import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.RestorePhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics: Velero's set under {@code arca_} plus Arca's own (see
 * docs/metrics.md). Reconcilers report events ({@link #backupStarted}, {@link #backupFinished}, ...);
 * the gauges that describe state ({@code last_status}, {@code last_successful_timestamp},
 * {@code backup_total}, location status, expected interval) are computed from the resources, by
 * {@link #refresh} or at every scrape from {@link #refreshAtScrape}'s source. Thread-safe.
 */
public final class ServerMetrics {
    /** Backup and restore durations: from seconds (a small namespace) to a day (a large volume). */
    private static final Duration[] RUN_BUCKETS = durations(10, 30, 60, 120, 300, 600, 900, 1800, 3600,
            7200, 4 * 3600, 8 * 3600, 12 * 3600, 24 * 3600);
    /** Sync durations: a location with nothing new lists in under a second; 10,000 backups take minutes. */
    private static final Duration[] SYNC_BUCKETS = durations(1, 2, 5, 10, 30, 60, 120, 300, 600, 1800);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GaugeExport gauges = new GaugeExport();
    private final Clock clock;
    private volatile Supplier<ClusterSnapshot> source;

    public ServerMetrics(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        registry.getPrometheusRegistry().register(gauges);
    }

    /** A backup run began: counts an attempt, and creates its outcome counters at 0 so the first failure is an increase. */
    public void backupStarted(String schedule, String location) {
        initBackupCounters(label(schedule), label(location));
        counter(MetricNames.BACKUP_ATTEMPT, schedule, location).increment();
    }

    /**
     * A backup run ended in {@code phase} (Completed, PartiallyFailed, Failed or Cancelled).
     * {@code dedupRatio}: volume bytes read / bytes stored new; {@code NaN} when it took no volume data.
     */
    public void backupFinished(String schedule, String location, BackupPhase phase, Duration took, long items,
                               long bytesUploaded, double dedupRatio) {
        counter(outcome(phase), schedule, location).increment();
        timer(MetricNames.BACKUP_DURATION, schedule, location).record(took);
        counter(MetricNames.BACKUP_UPLOADED_BYTES, schedule, location).increment(Math.max(0, bytesUploaded));
        gauges.lastRun(label(schedule), label(location), items, dedupRatio);
    }

    /** A restore began; {@code schedule} is the schedule of the backup it restores ({@code ""} if made by hand). */
    public void restoreStarted(String schedule, String location) {
        initRestoreCounters(label(schedule), label(location));
        counter(MetricNames.RESTORE_ATTEMPT, schedule, location).increment();
    }

    /** A restore ended in {@code phase} (Completed, PartiallyFailed, Failed or Cancelled). */
    public void restoreFinished(String schedule, String location, RestorePhase phase, Duration took) {
        counter(outcome(phase), schedule, location).increment();
        timer(MetricNames.RESTORE_DURATION, schedule, location).record(took);
    }

    /** Retention deleted {@code n} of the schedule's backups in the location. */
    public void retentionDeleted(String schedule, String location, int n) {
        counter(MetricNames.RETENTION_DELETED, schedule, location).increment(Math.max(0, n));
    }

    /** A sync of the location ended: {@code added} Backup resources created, {@code removed} deleted. */
    public void syncFinished(String location, Duration took, int added, int removed) {
        Tags tags = Tags.of(LOCATION, label(location));
        Timer.builder(meterName(MetricNames.SYNC_DURATION)).description("How long a sync of a location took")
                .serviceLevelObjectives(SYNC_BUCKETS).tags(tags).register(registry).record(took);
        Counter.builder(meterName(MetricNames.SYNC_ADDED)).description("Backup resources sync created")
                .tags(tags).register(registry).increment(Math.max(0, added));
        Counter.builder(meterName(MetricNames.SYNC_REMOVED)).description("Backup resources sync deleted")
                .tags(tags).register(registry).increment(Math.max(0, removed));
    }

    /**
     * Recomputes the resource gauges from {@code snapshot}, removes every series of a schedule that
     * no longer exists, and creates at 0 the backup counters of each existing schedule and, as
     * Velero does at start-up, of backups made by hand ({@code schedule=""}) to the default location.
     */
    public synchronized void refresh(ClusterSnapshot snapshot) {
        gauges.view(ResourceView.of(snapshot, clock.instant()));
        Set<String> live = new HashSet<>(List.of(""));
        snapshot.schedules().forEach(s -> live.add(s.getMetadata().getName()));
        removeMeters(m -> !live.contains(m.getId().getTag(SCHEDULE)));
        gauges.retainSchedules(live);
        snapshot.scheduleLocations().forEach(this::initBackupCounters);
        snapshot.defaultLocation().ifPresent(location -> initBackupCounters("", location));
    }

    /** From now on, every scrape first calls {@link #refresh} with what {@code source} returns (the informers' caches). */
    public void refreshAtScrape(Supplier<ClusterSnapshot> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Removes every series labelled with this schedule, now, as when its Schedule is deleted. */
    public synchronized void forgetSchedule(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("no schedule name given to forget: backups made by hand"
                    + " (schedule \"\") have no Schedule resource whose series could disappear");
        }
        removeMeters(m -> name.equals(m.getId().getTag(SCHEDULE)));
        gauges.forget(name);
    }

    /** The Prometheus text exposition of every metric, after a refresh from the source if one is set. */
    public String scrape() {
        Supplier<ClusterSnapshot> s = source;
        if (s != null) {
            refresh(s.get());
        }
        return registry.scrape();
    }

    /** The registry, for the server's own JVM and process meters; reconcilers use the methods above. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private void removeMeters(java.util.function.Predicate<Meter> which) {
        registry.getMeters().stream()
                .filter(m -> m.getId().getTag(SCHEDULE) != null)
                .filter(which)
                .toList()
                .forEach(registry::remove);
    }

    private void initBackupCounters(String schedule, String location) {
        for (String name : List.of(MetricNames.BACKUP_ATTEMPT, MetricNames.BACKUP_SUCCESS, MetricNames.BACKUP_PARTIAL_FAILURE,
                MetricNames.BACKUP_FAILURE, MetricNames.BACKUP_CANCELLED)) {
            counter(name, schedule, location);
        }
    }

    private void initRestoreCounters(String schedule, String location) {
        for (String name : List.of(MetricNames.RESTORE_ATTEMPT, MetricNames.RESTORE_SUCCESS, MetricNames.RESTORE_PARTIAL_FAILURE,
                MetricNames.RESTORE_FAILED, MetricNames.RESTORE_CANCELLED)) {
            counter(name, schedule, location);
        }
    }

    private static String outcome(BackupPhase phase) {
        return switch (Objects.requireNonNull(phase, "phase")) {
            case Completed -> MetricNames.BACKUP_SUCCESS;
            case PartiallyFailed -> MetricNames.BACKUP_PARTIAL_FAILURE;
            case Failed -> MetricNames.BACKUP_FAILURE;
            case Cancelled -> MetricNames.BACKUP_CANCELLED;
            default -> throw new IllegalArgumentException("backup phase " + phase + " is not an end of a run:"
                    + " report backupFinished with Completed, PartiallyFailed, Failed or Cancelled");
        };
    }

    private static String outcome(RestorePhase phase) {
        return switch (Objects.requireNonNull(phase, "phase")) {
            case Completed -> MetricNames.RESTORE_SUCCESS;
            case PartiallyFailed -> MetricNames.RESTORE_PARTIAL_FAILURE;
            case Failed -> MetricNames.RESTORE_FAILED;
            case Cancelled -> MetricNames.RESTORE_CANCELLED;
            default -> throw new IllegalArgumentException("restore phase " + phase + " is not an end of a run:"
                    + " report restoreFinished with Completed, PartiallyFailed, Failed or Cancelled");
        };
    }

    private Counter counter(String name, String schedule, String location) {
        return Counter.builder(meterName(name)).description(MetricNames.help(name))
                .tags(runTags(schedule, location)).register(registry);
    }

    private Timer timer(String name, String schedule, String location) {
        return Timer.builder(meterName(name)).description(MetricNames.help(name)).serviceLevelObjectives(RUN_BUCKETS)
                .tags(runTags(schedule, location)).register(registry);
    }

    private static Tags runTags(String schedule, String location) {
        return Tags.of(SCHEDULE, label(schedule), LOCATION, label(location));
    }

    /** {@code null} is the empty label value: a backup made by hand has schedule {@code ""}, as in Velero. */
    private static String label(String value) {
        return value == null ? "" : value;
    }

    private static Duration[] durations(long... seconds) {
        return java.util.Arrays.stream(seconds).mapToObj(Duration::ofSeconds).toArray(Duration[]::new);
    }
}

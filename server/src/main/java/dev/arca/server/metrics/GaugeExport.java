package dev.arca.server.metrics;

import static dev.arca.server.metrics.MetricNames.LOCATION;
import static dev.arca.server.metrics.MetricNames.SCHEDULE;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The gauges exported straight to the Prometheus registry rather than through Micrometer, whose
 * naming convention strips a {@code _total} suffix from gauges: Velero's {@code backup_total},
 * {@code backup_items_total} and {@code restore_total} are gauges with that suffix. Values come
 * from the current {@link ResourceView} and from the last run of each (schedule, location).
 */
final class GaugeExport implements MultiCollector {

    private record RunKey(String schedule, String location) {
    }

    private record LastRun(long items, double dedupRatio) {
    }

    private volatile ResourceView view = ResourceView.empty();
    private final Map<RunKey, LastRun> lastRuns = new ConcurrentHashMap<>();

    void view(ResourceView view) {
        this.view = view;
    }

    /** Records a finished backup's item count and dedup ratio ({@code NaN}: no volume data, no ratio). */
    void lastRun(String schedule, String location, long items, double dedupRatio) {
        lastRuns.put(new RunKey(schedule, location), new LastRun(items, dedupRatio));
    }

    void forget(String schedule) {
        view = view.without(schedule);
        lastRuns.keySet().removeIf(k -> k.schedule().equals(schedule));
    }

    void retainSchedules(Set<String> schedules) {
        lastRuns.keySet().removeIf(k -> !schedules.contains(k.schedule()));
    }

    @Override
    public MetricSnapshots collect() {
        ResourceView v = view;
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(gauge(MetricNames.BACKUP_TOTAL, "Backup resources that exist now", List.of(point(Labels.EMPTY, v.backups()))));
        out.add(gauge(MetricNames.RESTORE_TOTAL, "Restore resources that exist now", List.of(point(Labels.EMPTY, v.restores()))));
        addPerSchedule(out, v, MetricNames.BACKUP_LAST_STATUS,
                "Result of the schedule's newest finished backup: 1 Completed, 0 PartiallyFailed or Failed",
                s -> s.lastSucceeded().map(ok -> ok ? 1.0 : 0.0));
        addPerSchedule(out, v, MetricNames.BACKUP_LAST_SUCCESSFUL,
                "When the schedule's newest Completed backup finished, Unix time in seconds",
                s -> s.lastSuccess().map(t -> (double) t.getEpochSecond()));
        addPerSchedule(out, v, MetricNames.SCHEDULE_EXPECTED_INTERVAL,
                "Shortest gap between the schedule's next runs, in seconds; absent while paused or invalid",
                s -> s.expectedInterval().map(d -> (double) d.getSeconds()));
        addPerSchedule(out, v, MetricNames.SCHEDULE_CREATION,
                "When the Schedule resource was created, Unix time in seconds",
                s -> s.created().map(t -> (double) t.getEpochSecond()));
        List<GaugeDataPointSnapshot> locations = new ArrayList<>();
        v.locations().forEach((name, up) -> locations.add(point(Labels.of(LOCATION, name), up ? 1 : 0)));
        add(out, MetricNames.LOCATION_STATUS, "1 if the BackupLocation was Available at its last check, 0 if Unavailable", locations);
        addLastRuns(out);
        return new MetricSnapshots(out);
    }

    private void addLastRuns(List<MetricSnapshot> out) {
        List<GaugeDataPointSnapshot> items = new ArrayList<>();
        List<GaugeDataPointSnapshot> dedup = new ArrayList<>();
        lastRuns.forEach((key, run) -> {
            Labels labels = Labels.of(LOCATION, key.location(), SCHEDULE, key.schedule());
            items.add(point(labels, run.items()));
            if (!Double.isNaN(run.dedupRatio())) {
                dedup.add(point(labels, run.dedupRatio()));
            }
        });
        add(out, MetricNames.BACKUP_ITEMS, "Items in the newest finished backup", items);
        add(out, MetricNames.BACKUP_DEDUP_RATIO,
                "Volume bytes read divided by bytes stored new, for the newest finished backup", dedup);
    }

    private static void addPerSchedule(List<MetricSnapshot> out, ResourceView v, String name, String help,
                                       Function<ResourceView.ScheduleState, Optional<Double>> value) {
        List<GaugeDataPointSnapshot> points = new ArrayList<>();
        v.schedules().forEach((schedule, state) ->
                value.apply(state).ifPresent(x -> points.add(point(Labels.of(SCHEDULE, schedule), x))));
        add(out, name, help, points);
    }

    private static void add(List<MetricSnapshot> out, String name, String help, List<GaugeDataPointSnapshot> points) {
        if (!points.isEmpty()) {
            out.add(gauge(name, help, points));
        }
    }

    private static GaugeSnapshot gauge(String name, String help, List<GaugeDataPointSnapshot> points) {
        return new GaugeSnapshot(new MetricMetadata(name, help), points);
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}

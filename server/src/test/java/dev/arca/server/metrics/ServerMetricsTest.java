package dev.arca.server.metrics;

import static dev.arca.server.metrics.Fixtures.backup;
import static dev.arca.server.metrics.Fixtures.location;
import static dev.arca.server.metrics.Fixtures.perSchedule;
import static dev.arca.server.metrics.Fixtures.run;
import static dev.arca.server.metrics.Fixtures.schedule;
import static dev.arca.server.metrics.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.LocationPhase;
import dev.arca.server.resources.RestorePhase;
import dev.arca.testkit.time.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final ServerMetrics metrics = new ServerMetrics(clock);

    @Test
    void countsBackupOutcomesPerScheduleAndLocationWithTheEmptyScheduleForBackupsMadeByHand() {
        metrics.backupStarted("nightly", "default");
        metrics.backupFinished("nightly", "default", BackupPhase.Completed, Duration.ofSeconds(42), 10, 1000, 2.5);
        metrics.backupStarted("nightly", "default");
        metrics.backupFinished("nightly", "default", BackupPhase.PartiallyFailed, Duration.ofMinutes(3), 12, 10, Double.NaN);
        metrics.backupStarted(null, "default");

        String text = metrics.scrape();
        assertThat(value(text, run(MetricNames.BACKUP_ATTEMPT, "nightly", "default"))).isEqualTo(2.0);
        assertThat(value(text, run(MetricNames.BACKUP_SUCCESS, "nightly", "default"))).isEqualTo(1.0);
        assertThat(value(text, run(MetricNames.BACKUP_PARTIAL_FAILURE, "nightly", "default"))).isEqualTo(1.0);
        assertThat(value(text, run(MetricNames.BACKUP_UPLOADED_BYTES, "nightly", "default"))).isEqualTo(1010.0);
        assertThat(value(text, run(MetricNames.BACKUP_ITEMS, "nightly", "default"))).isEqualTo(12.0);
        assertThat(value(text, run(MetricNames.BACKUP_DEDUP_RATIO, "nightly", "default"))).as("NaN: no volume data").isNull();
        assertThat(value(text, run(MetricNames.BACKUP_ATTEMPT, "", "default"))).isEqualTo(1.0);
        assertThat(value(text, run(MetricNames.BACKUP_FAILURE, "", "default")))
                .as("created at 0 when the run starts, so the first failure is an increase").isEqualTo(0.0);
    }

    @Test
    void durationIsAHistogramWithBucketsUpToADay() {
        metrics.backupFinished("nightly", "default", BackupPhase.Failed, Duration.ofHours(5), 0, 0, Double.NaN);

        String text = metrics.scrape();
        String labels = "backup_location_name=\"default\",schedule=\"nightly\"";
        assertThat(value(text, "arca_backup_duration_seconds_bucket{" + labels + ",le=\"14400.0\"}")).isEqualTo(0.0);
        assertThat(value(text, "arca_backup_duration_seconds_bucket{" + labels + ",le=\"28800.0\"}")).isEqualTo(1.0);
        assertThat(value(text, "arca_backup_duration_seconds_bucket{" + labels + ",le=\"86400.0\"}")).isEqualTo(1.0);
        assertThat(value(text, "arca_backup_duration_seconds_sum{" + labels + "}")).isEqualTo(18000.0);
        assertThat(text).contains("# TYPE arca_backup_duration_seconds histogram");
    }

    @Test
    void lastStatusAndLastSuccessComeFromTheBackupResourcesNotFromReportedEvents() {
        metrics.backupFinished("nightly", "default", BackupPhase.Completed, Duration.ofSeconds(1), 1, 1, 1.0);
        ClusterSnapshot snapshot = new ClusterSnapshot(List.of(
                backup("nightly-1", "nightly", BackupPhase.Completed, "2026-12-04T02:00:30Z"),
                backup("nightly-2", "nightly", BackupPhase.Failed, "2026-12-05T02:00:30Z"),
                backup("nightly-3", "nightly", BackupPhase.Cancelled, "2026-12-05T03:00:00Z"),
                backup("by-hand", null, BackupPhase.Completed, "2026-12-05T10:00:00Z")),
                List.of(), List.of(schedule("nightly", "0 2 * * *", false, "2026-12-01T00:00:00Z")), List.of());

        metrics.refresh(snapshot);
        ServerMetrics restarted = new ServerMetrics(clock);
        restarted.refresh(snapshot);

        for (String text : List.of(metrics.scrape(), restarted.scrape())) {
            assertThat(value(text, perSchedule(MetricNames.BACKUP_LAST_STATUS, "nightly"))).as("newest finished one failed").isEqualTo(0.0);
            assertThat(value(text, perSchedule(MetricNames.BACKUP_LAST_SUCCESSFUL, "nightly")))
                    .isEqualTo((double) Instant.parse("2026-12-04T02:00:30Z").getEpochSecond());
            assertThat(value(text, perSchedule(MetricNames.BACKUP_LAST_STATUS, ""))).isEqualTo(1.0);
            assertThat(value(text, MetricNames.BACKUP_TOTAL)).isEqualTo(4.0);
        }
    }

    @Test
    void aScheduleThatNeverSucceededHasNoLastSuccessfulTimestampButHasItsCreationTime() {
        metrics.refresh(new ClusterSnapshot(List.of(backup("weekly-1", "weekly", BackupPhase.Failed, "2026-12-05T01:00:00Z")),
                List.of(), List.of(schedule("weekly", "@weekly", false, "2026-11-01T00:00:00Z")), List.of()));

        String text = metrics.scrape();
        assertThat(value(text, perSchedule(MetricNames.BACKUP_LAST_SUCCESSFUL, "weekly"))).isNull();
        assertThat(value(text, perSchedule(MetricNames.BACKUP_LAST_STATUS, "weekly"))).isEqualTo(0.0);
        assertThat(value(text, perSchedule(MetricNames.SCHEDULE_CREATION, "weekly")))
                .isEqualTo((double) Instant.parse("2026-11-01T00:00:00Z").getEpochSecond());
    }

    @Test
    void expectedIntervalComesFromTheScheduleTimingAndIsAbsentWhilePausedOrInvalid() {
        metrics.refresh(new ClusterSnapshot(List.of(), List.of(), List.of(
                schedule("daily", "0 2 * * *", false, null),
                schedule("six-hourly", "@every 6h", false, null),
                schedule("weekdays", "30 1 * * 1-5", false, null),
                schedule("paused", "0 2 * * *", true, null),
                schedule("broken", "61 2 * * *", false, null)), List.of()));

        String text = metrics.scrape();
        assertThat(value(text, perSchedule(MetricNames.SCHEDULE_EXPECTED_INTERVAL, "daily"))).isEqualTo(86400.0);
        assertThat(value(text, perSchedule(MetricNames.SCHEDULE_EXPECTED_INTERVAL, "six-hourly"))).isEqualTo(21600.0);
        assertThat(value(text, perSchedule(MetricNames.SCHEDULE_EXPECTED_INTERVAL, "weekdays"))).isEqualTo(86400.0);
        assertThat(value(text, perSchedule(MetricNames.SCHEDULE_EXPECTED_INTERVAL, "paused"))).isNull();
        assertThat(value(text, perSchedule(MetricNames.SCHEDULE_EXPECTED_INTERVAL, "broken"))).isNull();
    }

    @Test
    void locationStatusIsOneWhenAvailableZeroWhenUnavailableAndAbsentBeforeTheFirstCheck() {
        metrics.refresh(new ClusterSnapshot(List.of(), List.of(), List.of(), List.of(
                location("default", true, LocationPhase.Available),
                location("offsite", false, LocationPhase.Unavailable),
                location("new", false, null))));

        String text = metrics.scrape();
        assertThat(value(text, MetricNames.LOCATION_STATUS + "{backup_location_name=\"default\"}")).isEqualTo(1.0);
        assertThat(value(text, MetricNames.LOCATION_STATUS + "{backup_location_name=\"offsite\"}")).isEqualTo(0.0);
        assertThat(text).doesNotContain("backup_location_name=\"new\"");
    }

    @Test
    void forgetScheduleRemovesEverySeriesOfThatScheduleAndKeepsTheOthers() {
        metrics.refresh(new ClusterSnapshot(List.of(backup("nightly-1", "nightly", BackupPhase.Completed, "2026-12-05T02:00:00Z")),
                List.of(), List.of(schedule("nightly", "0 2 * * *", false, "2026-12-01T00:00:00Z"),
                schedule("weekly", "@weekly", false, "2026-12-01T00:00:00Z")),
                List.of(location("default", true, LocationPhase.Available))));
        for (String s : List.of("nightly", "weekly")) {
            metrics.backupStarted(s, "default");
            metrics.backupFinished(s, "default", BackupPhase.Completed, Duration.ofSeconds(5), 3, 30, 1.5);
            metrics.restoreStarted(s, "default");
            metrics.restoreFinished(s, "default", RestorePhase.Completed, Duration.ofSeconds(5));
            metrics.retentionDeleted(s, "default", 2);
        }
        assertThat(metrics.scrape()).contains("schedule=\"nightly\"");

        metrics.forgetSchedule("nightly");

        String text = metrics.scrape();
        assertThat(text).doesNotContain("schedule=\"nightly\"");
        assertThat(value(text, run(MetricNames.BACKUP_SUCCESS, "weekly", "default"))).isEqualTo(1.0);
        assertThat(value(text, run(MetricNames.RETENTION_DELETED, "weekly", "default"))).isEqualTo(2.0);
        assertThat(value(text, perSchedule(MetricNames.SCHEDULE_EXPECTED_INTERVAL, "weekly"))).isEqualTo(7 * 86400.0);
    }

    @Test
    void refreshDropsTheSeriesOfADeletedScheduleAndCreatesTheCountersOfAnExistingOne() {
        metrics.backupStarted("gone", "default");
        metrics.backupFinished("gone", "default", BackupPhase.Completed, Duration.ofSeconds(5), 3, 30, 1.5);

        metrics.refresh(new ClusterSnapshot(List.of(backup("gone-1", "gone", BackupPhase.Completed, "2026-12-05T02:00:00Z")),
                List.of(), List.of(schedule("hourly", "@hourly", false, "2026-12-01T00:00:00Z")),
                List.of(location("default", true, LocationPhase.Available))));

        String text = metrics.scrape();
        assertThat(text).doesNotContain("schedule=\"gone\"");
        assertThat(value(text, run(MetricNames.BACKUP_FAILURE, "hourly", "default"))).isEqualTo(0.0);
        assertThat(value(text, run(MetricNames.BACKUP_FAILURE, "", "default"))).as("made by hand, as Velero").isEqualTo(0.0);
        assertThat(value(text, MetricNames.BACKUP_TOTAL)).as("the backup itself still exists").isEqualTo(1.0);
    }

    @Test
    void refreshAtScrapeReadsTheSourceOnEveryScrape() {
        AtomicInteger backups = new AtomicInteger();
        metrics.refreshAtScrape(() -> new ClusterSnapshot(
                java.util.stream.IntStream.range(0, backups.get())
                        .mapToObj(i -> backup("b" + i, null, BackupPhase.Completed, "2026-12-05T02:00:00Z")).toList(),
                List.of(), List.of(), List.of()));

        assertThat(value(metrics.scrape(), MetricNames.BACKUP_TOTAL)).isEqualTo(0.0);
        backups.set(3);
        assertThat(value(metrics.scrape(), MetricNames.BACKUP_TOTAL)).isEqualTo(3.0);
    }

    @Test
    void syncIsCountedPerLocation() {
        metrics.syncFinished("offsite", Duration.ofMillis(1500), 4, 1);
        metrics.syncFinished("offsite", Duration.ofMillis(500), 0, 0);

        String text = metrics.scrape();
        assertThat(value(text, MetricNames.SYNC_ADDED + "{backup_location_name=\"offsite\"}")).isEqualTo(4.0);
        assertThat(value(text, MetricNames.SYNC_REMOVED + "{backup_location_name=\"offsite\"}")).isEqualTo(1.0);
        assertThat(value(text, MetricNames.SYNC_DURATION + "_count{backup_location_name=\"offsite\"}")).isEqualTo(2.0);
        assertThat(value(text, MetricNames.SYNC_DURATION + "_bucket{backup_location_name=\"offsite\",le=\"1.0\"}")).isEqualTo(1.0);
    }

    @Test
    void aPhaseThatDoesNotEndARunIsRejectedWithWhatToReportInstead() {
        assertThatThrownBy(() -> metrics.backupFinished("nightly", "default", BackupPhase.InProgress, Duration.ZERO, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("InProgress").hasMessageContaining("Completed, PartiallyFailed, Failed or Cancelled");
        assertThatThrownBy(() -> metrics.forgetSchedule(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("made by hand");
    }
}

package dev.arca.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.schedule.ScheduleTiming;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pieces of bench/server that need no cluster: flags, /proc parsing, metric parsing, schedule times. */
class ServerBenchPiecesTest {
    @Test
    void quickSetsSmallSizesAndLaterFlagsStillApply() {
        ServerBenchOptions o = ServerBenchOptions.parse(List.of("--quick", "--minutes", "0.5"));

        assertThat(o).extracting(ServerBenchOptions::schedules, ServerBenchOptions::idleBackups, ServerBenchOptions::syncBackups,
                ServerBenchOptions::objects).containsExactly(5, 20, 200, 2000);
        assertThat(o.minutes()).isEqualTo(0.5);
        assertThat(o.volumeMiB()).isEqualTo(64);
        ServerBenchOptions full = ServerBenchOptions.parse(List.of());
        assertThat(full.syncBackups()).isEqualTo(10_000);
        assertThat(full.parts()).containsExactlyInAnyOrder("idle", "sync", "warm", "volumes");
        assertThat(ServerBenchOptions.parse(List.of("--parts", "volumes")).parts()).containsExactly("volumes");
        assertThatThrownBy(() -> ServerBenchOptions.parse(List.of("--parts", "idle,nodes"))).hasMessageContaining("--parts");
        assertThatThrownBy(() -> ServerBenchOptions.parse(List.of("--minutes", "0"))).hasMessageContaining("--minutes");
    }

    @Test
    void volumeRoundsAndServerJavaOptionsAreParsedAndTheRatioIsOfTheMedians() {
        ServerBenchOptions o = ServerBenchOptions.parse(List.of("--rounds", "5", "--server-java-opts", " -XX:A=1  -XX:+B "));
        assertThat(o.rounds()).isEqualTo(5);
        assertThat(o.javaOpts()).containsExactly("-XX:A=1", "-XX:+B");
        assertThat(ServerBenchOptions.parse(List.of()).rounds()).isEqualTo(3);
        assertThatThrownBy(() -> ServerBenchOptions.parse(List.of("--rounds", "0"))).hasMessageContaining("--rounds");
        assertThat(ServerBenchOptions.parse(List.of("--volume-files", "200000", "--volume-mib", "5120")).volumeFiles())
                .isEqualTo(200_000);
        assertThatThrownBy(() -> ServerBenchOptions.parse(List.of("--volume-files", "200000")))
                .hasMessageContaining("--volume-mib of at least 2344");

        ServerVolumePart.Result r = new ServerVolumePart.Result(Duration.ofMillis(6000), Duration.ofMillis(15000),
                List.of(Duration.ofMillis(1500), Duration.ofMillis(900), Duration.ofMillis(1200)),
                List.of(Duration.ofMillis(2400), Duration.ofMillis(3000), Duration.ofMillis(2600)));
        assertThat(r.arcaMedian()).isEqualTo(Duration.ofMillis(1200));
        assertThat(r.ratio()).isCloseTo(2600.0 / 1200.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(new ServerFigures(null, null, null, r).line()).isEqualTo("volume_initial_s=6.00 restic_initial_s=15.00"
                + " volume_initial_ratio=2.50 volume_incremental_s=1.20"
                + " volume_incremental_spread_s=0.90-1.50 restic_incremental_s=2.60 restic_incremental_spread_s=2.40-3.00"
                + " volume_incremental_ratio=2.17");
    }

    @Test
    void readsRssAndCpuFromProcFiles() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  204800 kB\nThreads:\t40\n";
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1250 375 0 0 20 0 40 0 100 0 0";

        assertThat(ProcSampler.rssKiB(status)).isEqualTo(204_800);
        assertThat(ProcSampler.cpuSeconds(stat)).isEqualTo(16.25);
    }

    @Test
    void samplesThisProcessAndSummarisesMedianMaxAndCpuPerMinute() {
        ProcSampler.Sample s = ProcSampler.watch(ProcessHandle.current().pid(), Duration.ofMillis(1500));
        assertThat(s.rssKiB()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(kib -> assertThat(kib).isPositive());

        ProcSampler.Sample fixed = new ProcSampler.Sample(List.of(100L * 1024, 300L * 1024, 200L * 1024, 900L * 1024), 3.0,
                Duration.ofSeconds(30));
        assertThat(fixed.medianRssMiB()).isEqualTo(250.0);
        assertThat(fixed.maxRssMiB()).isEqualTo(900.0);
        assertThat(fixed.cpuSecondsPerMinute()).isEqualTo(6.0);
    }

    @Test
    void readsOneSeriesOfAMetricAndNotALongerNamedOne() {
        String text = """
                # TYPE arca_backup_sync_duration_seconds histogram
                arca_backup_sync_duration_seconds_count{backup_location_name="main",} 3.0
                arca_backup_sync_duration_seconds_sum{backup_location_name="main",} 12.5
                arca_backup_sync_duration_seconds_sum{backup_location_name="other",} 99.0
                arca_backup_sync_added_total{backup_location_name="main",} 10000.0
                """;

        assertThat(PromText.value(text, "arca_backup_sync_duration_seconds_sum", "backup_location_name", "main")).isEqualTo(12.5);
        assertThat(PromText.value(text, "arca_backup_sync_duration_seconds_sum", null, null)).isEqualTo(111.5);
        assertThat(PromText.value(text, "arca_backup_sync_added", null, null)).isNaN();
        assertThat(PromText.value(text, "arca_backup_sync_added_total", "backup_location_name", "gone")).isNaN();
    }

    @Test
    void noScheduleIsDueInTheQuietWindowAndTheyAreSpreadOverTheDay() {
        for (LocalTime now : List.of(LocalTime.of(0, 0), LocalTime.of(13, 37, 59), LocalTime.of(23, 59, 30))) {
            Instant at = now.atDate(java.time.LocalDate.of(2026, 12, 5)).toInstant(ZoneOffset.UTC);
            List<String> crons = ScheduleSpread.crons(100, now, 34);

            assertThat(crons).hasSize(100).doesNotHaveDuplicates();
            for (String cron : crons) {
                Instant next = ScheduleTiming.of(cron, "UTC").nextRun(at);
                assertThat(next).as(cron + " after " + now).isAfter(at.plus(Duration.ofMinutes(34)));
            }
        }
    }
}

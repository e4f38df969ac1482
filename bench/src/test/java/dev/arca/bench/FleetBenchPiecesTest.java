package dev.arca.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pieces of bench/fleet that need no cluster: flags, the figures line, the propagated objects. */
class FleetBenchPiecesTest {
    @Test
    void quickSetsSmallSizesWithoutScalingAndLaterFlagsStillApply() {
        FleetBenchOptions full = FleetBenchOptions.parse(List.of());
        assertThat(full).extracting(FleetBenchOptions::members, FleetBenchOptions::objects, FleetBenchOptions::scaling,
                FleetBenchOptions::heap).containsExactly(5, 2000, true, "1g");

        FleetBenchOptions quick = FleetBenchOptions.parse(List.of("--quick", "--objects", "1_000"));
        assertThat(quick).extracting(FleetBenchOptions::members, FleetBenchOptions::objects, FleetBenchOptions::scaling)
                .containsExactly(2, 1000, false);
        assertThat(FleetBenchOptions.parse(List.of("--quick", "--scaling")).scaling()).isTrue();
        assertThat(FleetBenchOptions.parse(List.of("--no-scaling")).scaling()).isFalse();
        assertThat(FleetBenchOptions.parse(List.of("--work-dir", "/tmp/fleet-bench")).keep()).isTrue();
    }

    @Test
    void refusesBadFlagsAndSaysWhich() {
        assertThatThrownBy(() -> FleetBenchOptions.parse(List.of("--members", "0"))).hasMessageContaining("--members");
        assertThatThrownBy(() -> FleetBenchOptions.parse(List.of("--objects", "many"))).hasMessageContaining("--objects")
                .hasMessageContaining("many");
        assertThatThrownBy(() -> FleetBenchOptions.parse(List.of("--heap", "lots"))).hasMessageContaining("--heap");
        assertThatThrownBy(() -> FleetBenchOptions.parse(List.of("--members"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> FleetBenchOptions.parse(List.of("--nodes", "3"))).hasMessageContaining("unknown flag --nodes");
    }

    @Test
    void badFlagsExitTwoAndHelpPrintsTheUsageWithoutACluster() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int bad = FleetBench.run(List.of("--objects", "2"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int help = FleetBench.run(List.of("--help"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(bad).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--objects must be 4..100000, got 2");
        assertThat(help).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: bench/fleet");
    }

    @Test
    void theFiguresLineGivesTimesRatiosToTheFloorAndSecondsPerThousandCopies() {
        FleetFigures f = new FleetFigures(5, 2000, Duration.ofSeconds(50), Duration.ofSeconds(40), Duration.ofSeconds(20),
                612.4, 500.6, 88.25, 3, Duration.ofSeconds(12), Duration.ofSeconds(15));

        assertThat(f.line()).isEqualTo("members=5 objects=2000 create_s=50.00 update_s=40.00 floor_s=20.00 create_ratio=2.5"
                + " update_ratio=2.0 create_s_per_1k_copies=5.00 hub_rss_peak_mib=612 hub_rss_end_mib=501 hub_cpu_s=88.3"
                + " hub_log_problems=3 one_member_create_s=12.00 one_member_s_per_1k_copies=6.00 quarter_objects_create_s=15.00"
                + " quarter_objects_s_per_1k_copies=6.00");
    }

    @Test
    void theFiguresLineLeavesOutTheGrowthRoundsThatDidNotRun() {
        FleetFigures f = new FleetFigures(2, 200, Duration.ofMillis(8000), Duration.ofMillis(6000), Duration.ofMillis(1000),
                300, 280, 20, 0, null, null);

        assertThat(f.line()).endsWith("create_ratio=8.0 update_ratio=6.0 create_s_per_1k_copies=20.00 hub_rss_peak_mib=300"
                + " hub_rss_end_mib=280 hub_cpu_s=20.0 hub_log_problems=0").doesNotContain("one_member").doesNotContain("quarter");
    }

    @Test
    void eachObjectCarriesItsRoundLabelAVersionAndAboutOneKibOfData() {
        var v1 = FleetRound.configMap("fleet-main", 7, 1);
        var v2 = FleetRound.configMap("fleet-main", 7, 2);

        assertThat(v1.getMetadata().getName()).isEqualTo("bench-000007");
        assertThat(v1.getMetadata().getLabels()).containsEntry(FleetRound.ROUND_LABEL, "fleet-main");
        assertThat(v1.getData()).containsEntry(FleetRound.VERSION_KEY, "1");
        assertThat(v1.getData().get("payload")).hasSize(1024);
        assertThat(v2.getData().get("payload")).isNotEqualTo(v1.getData().get("payload"));
        assertThat(v2.getData()).containsEntry(FleetRound.VERSION_KEY, "2");
    }
}

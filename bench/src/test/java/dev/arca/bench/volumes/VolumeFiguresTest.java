package dev.arca.bench.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.bench.volumes.VolumeFigures.Round;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeFiguresTest {
    private static final long MIB = 1 << 20;

    private static VolumeFigures figures() {
        Map<String, List<Round>> rounds = new LinkedHashMap<>();
        rounds.put("restic", List.of(new Round(14, 2.4, 8, 950 * MIB, 130 * 1024, 100 * 1024),
                new Round(16, 2.2, 7, 952 * MIB, 140 * 1024, 110 * 1024), new Round(15, 2.0, 9, 951 * MIB, 120 * 1024, 90 * 1024)));
        rounds.put("borg", List.of(new Round(30, 3, 10, 900 * MIB, 100 * 1024, 80 * 1024),
                new Round(20, 4, 12, 900 * MIB, 100 * 1024, 80 * 1024), new Round(25, 5, 11, 900 * MIB, 100 * 1024, 80 * 1024)));
        rounds.put("arca", List.of(new Round(7, 2.0, 8, 950 * MIB, 400 * 1024, 300 * 1024),
                new Round(8, 2.4, 6, 950 * MIB, 420 * 1024, 320 * 1024), new Round(6, 2.2, 7, 950 * MIB, 410 * 1024, 310 * 1024)));
        rounds.put("arca-warm", List.of(new Round(5, 1, 5, 950 * MIB, 600 * 1024, 600 * 1024),
                new Round(6, 1.1, 4, 950 * MIB, 610 * 1024, 610 * 1024), new Round(4, 0.9, 6, 950 * MIB, 590 * 1024, 590 * 1024)));
        return new VolumeFigures(rounds, 2048 * MIB, 27_774);
    }

    @Test
    void theLineGivesMediansSpreadAndTheRatiosOfArcaAndItsWarmRunAgainstEachPeer() {
        String line = figures().line();

        assertThat(line).startsWith("initial_ratio=2.14 incremental_ratio=1.00 restore_ratio=1.14 size_ratio=1.00"
                + " restic_initial_ratio=2.14 restic_incremental_ratio=1.00 restic_restore_ratio=1.14 restic_size_ratio=1.00"
                + " restic_rss_ratio=3.15 restic_restore_rss_ratio=3.10"
                + " borg_initial_ratio=3.57 borg_incremental_ratio=1.82 borg_restore_ratio=1.57 borg_size_ratio=1.06"
                + " borg_rss_ratio=4.10 borg_restore_rss_ratio=3.88"
                + " restic_warm_initial_ratio=3.00 restic_warm_incremental_ratio=2.20 restic_warm_restore_ratio=1.60"
                + " borg_warm_initial_ratio=5.00 borg_warm_incremental_ratio=4.00 borg_warm_restore_ratio=2.20 rss_mb=410");
        assertThat(line).contains(" restic_initial_s=15.00 restic_initial_min_s=14.00 restic_initial_max_s=16.00 ")
                .contains(" borg_incremental_s=4.00 borg_incremental_min_s=3.00 borg_incremental_max_s=5.00 ")
                .contains(" restic_size_mb=951.0 restic_rss_mb=130 restic_restore_rss_mb=100 ")
                .contains(" arca_warm_restore_s=5.00 arca_warm_restore_min_s=4.00 arca_warm_restore_max_s=6.00"
                        + " arca_warm_size_mb=950.0 arca_warm_rss_mb=600 data_mb=2048.0")
                .endsWith(" data_files=27774 rounds=3")
                .doesNotContain("arca_warm_restore_rss_mb");
    }

    @Test
    void theTableShowsEachFigureAsMedianAndSpreadAndARatioLinePerPeer() {
        String table = figures().table();

        assertThat(table).contains("figures: median (min-max) over 3 round(s), 2048.0 MiB in 27774 files")
                .containsPattern("initial backup s +15\\.00 \\(14\\.00-16\\.00\\) +25\\.00 \\(20\\.00-30\\.00\\) +7\\.00 \\(6\\.00-8\\.00\\)"
                        + " +5\\.00 \\(4\\.00-6\\.00\\)")
                .contains("arca vs restic: initial=2.14 incremental=1.00 restore=1.14 size=1.00 rss=3.15 restore_rss=3.10"
                        + " warm_initial=3.00 warm_incremental=2.20 warm_restore=1.60")
                .contains("arca vs borg: initial=3.57");
    }

    @Test
    void anUnknownRssIsMinusOneAndItsRatioNan() {
        Map<String, List<Round>> rounds = new LinkedHashMap<>();
        rounds.put("restic", List.of(new Round(10, 2, 5, 100 * MIB, -1, -1)));
        rounds.put("arca", List.of(new Round(5, 1, 5, 100 * MIB, -1, -1)));

        String line = new VolumeFigures(rounds, 100 * MIB, 10).line();

        assertThat(line).contains("restic_rss_ratio=nan").contains("rss_mb=-1").contains("restic_rss_mb=-1").contains("rounds=1");
    }
}

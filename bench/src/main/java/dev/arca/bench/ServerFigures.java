package dev.arca.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The result of {@code bench/server}, as the one line it prints; a part that did not run is left out (null). */
record ServerFigures(ProcSampler.Sample idle, SyncPart.Result sync, WarmBackupPart.Result warm, ServerVolumePart.Result volumes) {

    /** The first sync (process start to every Backup resource) over one LIST of the bucket. */
    double firstSyncRatio() {
        return Figures.seconds(sync.first()) / Figures.seconds(sync.listFloor());
    }

    /** A sync with nothing changed (one sync's end to the next's, less the period) over one LIST of the bucket. */
    double unchangedSyncRatio() {
        return sync.cycleMedian() / Figures.seconds(sync.listFloor());
    }

    /** The warm server's backup over the large-page LIST floor. Target: at most 1.3. */
    double warmBackupRatio() {
        return Figures.seconds(warm.backup()) / Figures.seconds(warm.listFloor());
    }

    String line() {
        Map<String, String> f = new LinkedHashMap<>();
        if (idle != null) {
            f.put("idle_rss_median_mib", format("%.0f", idle.medianRssMiB()));
            f.put("idle_rss_max_mib", format("%.0f", idle.maxRssMiB()));
            f.put("idle_cpu_s_per_min", format("%.2f", idle.cpuSecondsPerMinute()));
        }
        if (sync != null) {
            f.put("first_sync_s", format("%.2f", Figures.seconds(sync.first())));
            f.put("unchanged_sync_s", format("%.2f", sync.cycleMedian()));
            f.put("unchanged_sync_metric_s", format("%.2f", sync.unchangedMedian()));
            f.put("sync_list_floor_s", format("%.2f", Figures.seconds(sync.listFloor())));
            f.put("first_sync_ratio", format("%.1f", firstSyncRatio()));
            f.put("unchanged_sync_ratio", format("%.2f", unchangedSyncRatio()));
        }
        if (warm != null) {
            f.put("warm_backup_s", format("%.2f", Figures.seconds(warm.backup())));
            f.put("list_floor_large_pages_s", format("%.2f", Figures.seconds(warm.listFloor())));
            f.put("warm_backup_ratio", format("%.2f", warmBackupRatio()));
        }
        if (volumes != null) {
            f.put("volume_initial_s", format("%.2f", Figures.seconds(volumes.arcaInitial())));
            f.put("restic_initial_s", format("%.2f", Figures.seconds(volumes.resticInitial())));
            f.put("volume_initial_ratio", format("%.2f", volumes.initialRatio()));
            f.put("volume_incremental_s", format("%.2f", Figures.seconds(volumes.arcaMedian())));
            f.put("volume_incremental_spread_s", spread(volumes.arca()));
            f.put("restic_incremental_s", format("%.2f", Figures.seconds(volumes.resticMedian())));
            f.put("restic_incremental_spread_s", spread(volumes.restic()));
            f.put("volume_incremental_ratio", format("%.2f", volumes.ratio()));
        }
        return f.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** The fastest and slowest of the rounds, as {@code min-max} in seconds. */
    private static String spread(java.util.List<java.time.Duration> rounds) {
        return format("%.2f", Figures.seconds(java.util.Collections.min(rounds))) + "-"
                + format("%.2f", Figures.seconds(java.util.Collections.max(rounds)));
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}

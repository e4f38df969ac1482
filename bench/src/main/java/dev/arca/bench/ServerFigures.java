package dev.arca.bench;

import java.util.Locale;

/** The result of {@code bench/server}, as the one line it prints. */
record ServerFigures(ProcSampler.Sample idle, SyncPart.Result sync, WarmBackupPart.Result warm) {

    /** The first sync (process start to every Backup resource) over one LIST of the bucket. */
    double firstSyncRatio() {
        return Figures.seconds(sync.first()) / Figures.seconds(sync.listFloor());
    }

    /** A sync with nothing changed (the server's own measure) over one LIST of the bucket. */
    double unchangedSyncRatio() {
        return sync.unchangedMedian() / Figures.seconds(sync.listFloor());
    }

    /** The warm server's backup over the large-page LIST floor. Target: at most 1.3. */
    double warmBackupRatio() {
        return Figures.seconds(warm.backup()) / Figures.seconds(warm.listFloor());
    }

    String line() {
        return String.format(Locale.ROOT, "idle_rss_median_mib=%.0f idle_rss_max_mib=%.0f idle_cpu_s_per_min=%.2f"
                        + " first_sync_s=%.2f unchanged_sync_s=%.3f sync_list_floor_s=%.3f first_sync_ratio=%.1f"
                        + " unchanged_sync_ratio=%.2f warm_backup_s=%.2f list_floor_large_pages_s=%.2f warm_backup_ratio=%.2f",
                idle.medianRssMiB(), idle.maxRssMiB(), idle.cpuSecondsPerMinute(), Figures.seconds(sync.first()),
                sync.unchangedMedian(), Figures.seconds(sync.listFloor()), firstSyncRatio(), unchangedSyncRatio(),
                Figures.seconds(warm.backup()), Figures.seconds(warm.listFloor()), warmBackupRatio());
    }
}

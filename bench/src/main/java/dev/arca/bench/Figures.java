package dev.arca.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * The benchmark's result, as the one line it prints.
 *
 * @param backup      wall time of {@code arca backup create} (its JVM start included)
 * @param listFloor   wall time of the raw paginated LISTs of the same types
 * @param restore     wall time of {@code arca restore create}
 * @param createFloor wall time of the raw parallel POSTs of the same objects (namespaces included)
 * @param heapMiB     peak heap used by the backup's JVM
 */
record Figures(Duration backup, Duration listFloor, Duration restore, Duration createFloor, double heapMiB) {

    /** Target: at most 1.5. */
    double backupRatio() {
        return seconds(backup) / seconds(listFloor);
    }

    /** Restore throughput over the create floor's: {@code (n / restore) / (n / floor) = floor / restore}. Target: at least 0.8. */
    double restoreRatio() {
        return seconds(createFloor) / seconds(restore);
    }

    String line() {
        return String.format(Locale.ROOT,
                "backup_s=%.2f list_floor_s=%.2f backup_ratio=%.2f restore_s=%.2f create_floor_s=%.2f restore_ratio=%.2f heap_mb=%.0f",
                seconds(backup), seconds(listFloor), backupRatio(), seconds(restore), seconds(createFloor),
                restoreRatio(), heapMiB);
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}

package dev.arca.server.controller;

import dev.arca.server.metrics.ServerMetrics;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.Restore;
import dev.arca.server.resources.RestorePhase;
import dev.arca.server.retention.BackupResources;
import java.time.Duration;

/** Tells {@link ServerMetrics} of the reconcilers' runs, with Velero's labels (schedule {@code ""} for a hand-made backup). */
public final class MetricsObserver implements RunObserver {
    private final ServerMetrics metrics;

    public MetricsObserver(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    private static String schedule(Backup backup) {
        String s = BackupResources.scheduleOf(backup);
        return s == null ? "" : s;
    }

    @Override
    public void backupStarted(Backup backup, String location) {
        metrics.backupStarted(schedule(backup), location);
    }

    @Override
    public void backupFinished(Backup backup, String location, String phase, Duration took, long items) {
        metrics.backupFinished(schedule(backup), location, BackupPhase.valueOf(phase), took, items, 0, Double.NaN);
    }

    @Override
    public void restoreStarted(Restore restore, String location) {
        metrics.restoreStarted("", location);
    }

    @Override
    public void restoreFinished(Restore restore, String location, String phase, Duration took) {
        metrics.restoreFinished("", location, RestorePhase.valueOf(phase), took);
    }

    @Override
    public void retentionDeleted(String schedule, String location, int count) {
        metrics.retentionDeleted(schedule, location, count);
    }

    @Override
    public void syncFinished(String location, Duration took, int added, int removed) {
        metrics.syncFinished(location, took, added, removed);
    }
}

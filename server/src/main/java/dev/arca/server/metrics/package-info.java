/**
 * The server's Prometheus metrics: reconcilers report what happened, the resources say what is;
 * {@code dev.arca.server.http} serves the text. Names and labels: {@link dev.arca.server.metrics.MetricNames}
 * and docs/metrics.md.
 *
 * <h2>How the reconcilers call this</h2>
 * One {@link dev.arca.server.metrics.ServerMetrics} per process, made at start-up and passed to each
 * reconciler's constructor:
 * <pre>{@code
 * ServerMetrics metrics = new ServerMetrics(clock);
 * metrics.refreshAtScrape(() -> new ClusterSnapshot(backupCache.list(), restoreCache.list(),
 *         scheduleCache.list(), locationCache.list()));          // the informers' caches, read per scrape
 *
 * // BackupReconciler, when it moves a Backup to InProgress and when the run ends
 * metrics.backupStarted(spec.getSchedule(), location);           // schedule null or "" for a backup made by hand
 * metrics.backupFinished(spec.getSchedule(), location, BackupPhase.Completed, took, items, bytesUploaded, dedupRatio);
 * // RestoreReconciler: the schedule of the backup it restores
 * metrics.restoreStarted(schedule, location);
 * metrics.restoreFinished(schedule, location, RestorePhase.Failed, took);
 * // retention and sync
 * metrics.retentionDeleted(schedule, location, deleted.size());
 * metrics.syncFinished(location, took, added, removed);
 * // ScheduleReconciler's cleanup, when a Schedule is deleted
 * metrics.forgetSchedule(name);
 * }</pre>
 * Only the end of a run is reported with a phase: Completed, PartiallyFailed, Failed or Cancelled.
 * {@code last_status}, {@code last_successful_timestamp}, {@code backup_total}, the location status
 * and the expected interval are not reported: they are computed from the snapshot, so they are
 * right after a restart or a failover without any call. Without {@code refreshAtScrape}, call
 * {@link dev.arca.server.metrics.ServerMetrics#refresh} after each status change instead.
 */
package dev.arca.server.metrics;

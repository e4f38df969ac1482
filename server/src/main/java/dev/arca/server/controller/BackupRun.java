package dev.arca.server.controller;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.archive.BackupManifest;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.retention.BackupDeleter;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupProgress;
import dev.arca.server.resources.BackupStatus;
import dev.arca.server.resources.Resources;
import dev.arca.storage.ObjectStore;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of one Backup resource, on a pool thread: start, engine, final status, Event. */
final class BackupRun {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRun.class);
    private static final long PUBLISH_EVERY_MILLIS = 2_000;
    private final ServerContext ctx;
    private final Backup backup;
    private final String runId;
    private final String takeOverFrom;

    BackupRun(ServerContext ctx, Backup backup, String runId, String takeOverFrom) {
        this.ctx = ctx;
        this.backup = backup;
        this.runId = runId;
        this.takeOverFrom = takeOverFrom;
    }

    void run(Runs.Run run) {
        Instant started = ctx.clock().instant();
        String existingStart = backup.getStatus() == null ? null : backup.getStatus().getStartTimestamp();
        if (run.cancelled()) {
            cancelled(java.util.Objects.toString(BackupReconciler.locationOf(backup), ""), started); // cancelled while it waited
            return;
        }
        BackupLocation location = null;
        try {
            location = ctx.locations().find(BackupReconciler.locationOf(backup));
            String locationName = location.getMetadata().getName();
            if (location.getSpec().getAccessMode() == BackupLocationSpec.AccessMode.ReadOnly) {
                throw new ArcaException.InvalidInput("BackupLocation " + locationName + " is ReadOnly; name a writable"
                        + " location in spec.storageLocation");
            }
            BackupSpec spec = EngineSpecs.backup(backup.getSpec(), locationName);
            labelLocation(locationName);
            try (ObjectStore store = ctx.opener().apply(location)) {
                if (takeOverFrom != null && store.exists(dev.arca.archive.LocationLayout.manifestKey(name()))) {
                    if (!nothingFinishedUnder(store, name())) {
                        adopt(store, locationName, started); // the dead run finished writing before it died
                        return;
                    }
                    // the dead run recorded a failure as it was cut short: this run replaces it
                    store.delete(dev.arca.archive.LocationLayout.manifestKey(name()));
                }
                markInProgress(existingStart == null ? started : StatusPatch.instant(existingStart));
                ctx.observer().backupStarted(backup, locationName);
                RunProgress progress = new RunProgress(run, PUBLISH_EVERY_MILLIS, this::publish);
                BackupManifest manifest;
                try {
                    manifest = new BackupRunner(ctx.client(), store, ctx.engine())
                            .run(name(), spec, progress, runId, takeOverFrom);
                } catch (RuntimeException e) {
                    if (run.cancelled()) {
                        discard(store);
                        cancelled(locationName, started);
                        return;
                    }
                    throw e;
                }
                Thread.interrupted(); // written in full: a cancel that came too late must not cut the status short
                if (run.abandoned()) {
                    return; // the next leader adopts the manifest
                }
                finished(manifest, locationName, started);
            }
        } catch (RuntimeException | LinkageError | AssertionError e) {
            if (run.abandoned()) {
                LOG.info("backup {} left as it is for the next leader: this process stops", name());
            } else if (run.cancelled()) {
                cancelled(location == null ? "" : location.getMetadata().getName(), started);
            } else {
                failed(e, location == null ? "" : location.getMetadata().getName(), started);
            }
        }
    }

    /** When a run that ended without a backup stops being listed: its ttl from now (30 days by default, or when the ttl is bad). */
    private String expiration() {
        java.time.Duration ttl = BackupSpec.DEFAULT_TTL;
        try {
            if (backup.getSpec().getTtl() != null) {
                ttl = dev.arca.api.Durations.parse("spec.ttl", backup.getSpec().getTtl());
            }
        } catch (ArcaException.InvalidInput e) {
            // the default then
        }
        return StatusPatch.time(ctx.clock().instant().plus(ttl));
    }

    /** Takes the manifest a dead run wrote as this backup's end. */
    private void adopt(ObjectStore store, String location, Instant started) {
        try (dev.arca.archive.ArchiveReader reader = dev.arca.archive.ArchiveReader.open(store, name())) {
            ctx.events().normal(backup, "Adopted", "run " + takeOverFrom + " had written the whole backup before its"
                    + " process ended; its manifest is taken as it is");
            finished(reader.manifest(), location, started);
        }
    }

    /** spec.cancel on a backup that runs nowhere: it never wrote anything here, so it just ends Cancelled. */
    void cancelledBeforeRunning() {
        cancelled(java.util.Objects.toString(BackupReconciler.locationOf(backup), ""), ctx.clock().instant());
    }

    private String name() {
        return backup.getMetadata().getName();
    }

    private void labelLocation(String location) {
        Map<String, String> labels = backup.getMetadata().getLabels();
        if (labels == null || !location.equals(labels.get(Resources.LOCATION_LABEL))) {
            ctx.client().resources(Backup.class).inNamespace(backup.getMetadata().getNamespace()).withName(name())
                    .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                            "{\"metadata\":{\"labels\":{\"" + Resources.LOCATION_LABEL + "\":\"" + location + "\"}}}");
        }
    }

    private void markInProgress(Instant start) {
        BackupStatus status = new BackupStatus();
        status.setPhase(BackupPhase.InProgress);
        status.setStartTimestamp(StatusPatch.time(start));
        status.setRunId(runId);
        status.setObservedGeneration(backup.getMetadata().getGeneration());
        StatusPatch.patch(ctx.client(), backup, status);
        ctx.events().normal(backup, takeOverFrom == null ? "Started" : "Resumed", takeOverFrom == null
                ? "backup started (run " + runId + ")"
                : "backup resumed by run " + runId + " after run " + takeOverFrom + " ended with its server process");
    }

    private void publish(long done, long expected) {
        BackupStatus status = new BackupStatus();
        BackupProgress progress = new BackupProgress();
        progress.setItemsBackedUp((int) Math.min(Integer.MAX_VALUE, done));
        progress.setTotalItems((int) Math.min(Integer.MAX_VALUE, Math.max(done, expected)));
        status.setProgress(progress);
        try {
            StatusPatch.patch(ctx.client(), backup, status);
        } catch (RuntimeException e) {
            LOG.debug("progress of backup {} not published: {}", name(), Messages.describe(e));
        }
    }

    private void finished(BackupManifest manifest, String location, Instant started) {
        BackupStatus status = BackupSync.status(manifest);
        BackupPhase phase = status.getPhase();
        status.setStartTimestamp(null); // keep the first run's start when this run resumed it
        if (status.getCompletionTimestamp() == null) {
            status.setCompletionTimestamp(StatusPatch.time(ctx.clock().instant()));
        }
        StatusPatch.patch(ctx.client(), backup, status);
        String text = "backup " + phase + ": " + manifest.itemCount() + " items, " + manifest.outcome().warnings().size()
                + " warnings, " + manifest.outcome().errors().size() + " errors, in location " + location;
        if (manifest.phase() == Phase.Completed) {
            ctx.events().normal(backup, "Completed", text);
        } else {
            ctx.events().warning(backup, phase.name(), text + "; see 'arca backup describe " + name() + " --details'");
        }
        ctx.observer().backupFinished(backup, location, phase.name(), BackupReconciler.took(started, ctx.clock().instant()),
                manifest.itemCount());
    }

    private void failed(Throwable e, String location, Instant started) {
        String reason = Messages.describe(e);
        LOG.warn("backup {} failed: {}", name(), reason);
        BackupStatus status = new BackupStatus();
        status.setPhase(BackupPhase.Failed);
        status.setFailureReason(reason);
        status.setCompletionTimestamp(StatusPatch.time(ctx.clock().instant()));
        status.setExpiration(expiration());
        StatusPatch.patch(ctx.client(), backup, status);
        ctx.events().warning(backup, "Failed", "backup failed: " + reason);
        ctx.observer().backupFinished(backup, location, BackupPhase.Failed.name(),
                BackupReconciler.took(started, ctx.clock().instant()), 0);
    }

    private void cancelled(String location, Instant started) {
        BackupStatus status = new BackupStatus();
        status.setPhase(BackupPhase.Cancelled);
        status.setFailureReason("cancelled (spec.cancel or deletion); nothing of it is kept in the location");
        status.setCompletionTimestamp(StatusPatch.time(ctx.clock().instant()));
        status.setExpiration(expiration());
        StatusPatch.patch(ctx.client(), backup, status);
        ctx.events().normal(backup, "Cancelled", "backup cancelled; what it had written was removed from the location");
        ctx.observer().backupFinished(backup, location, BackupPhase.Cancelled.name(),
                BackupReconciler.took(started, ctx.clock().instant()), 0);
    }

    /** Removes whatever the cancelled run left (a failure manifest, data files). */
    private void discard(ObjectStore store) {
        Thread.interrupted(); // the cancel interrupted this thread; the clean-up must not be cut short by it
        try {
            if (!nothingFinishedUnder(store, name())) {
                LOG.warn("cancelled backup {}: the location holds a finished backup of that name, which this run did not"
                        + " write; it is left alone", name());
                return;
            }
            dev.arca.archive.Lease claim = dev.arca.archive.BackupLease.writer(store, name());
            if (claim != null && runId != null && runId.equals(claim.holder())) {
                // the interrupt can stop the run before it releases its claim (NIO refuses I/O on an interrupted thread)
                store.delete(dev.arca.archive.LocationLayout.writerKey(name()));
            }
            new BackupDeleter(store, ctx.clock()).delete(name());
        } catch (ArcaException.NotFound e) {
            // nothing was written
        } catch (RuntimeException e) {
            LOG.warn("could not remove what cancelled backup {} wrote: {}", name(), Messages.describe(e));
        }
    }

    /**
     * Whether what the location holds under {@code name} can be a failed run's: nothing finished
     * (no manifest), or a manifest of phase Failed (the engine records a run that broke off so). A
     * Completed or PartiallyFailed manifest (or one that cannot be read) is another run's backup.
     */
    static boolean nothingFinishedUnder(ObjectStore store, String name) {
        if (!store.exists(dev.arca.archive.LocationLayout.manifestKey(name))) {
            return true;
        }
        try (dev.arca.archive.ArchiveReader reader = dev.arca.archive.ArchiveReader.open(store, name)) {
            return reader.manifest().phase() == Phase.Failed;
        } catch (RuntimeException e) {
            return false;
        }
    }
}

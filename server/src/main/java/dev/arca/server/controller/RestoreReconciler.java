package dev.arca.server.controller;

import dev.arca.api.Phase;
import dev.arca.engine.restore.ItemOutcome;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.Restore;
import dev.arca.server.resources.RestorePhase;
import dev.arca.server.resources.RestoreProgress;
import dev.arca.server.resources.RestoreStatus;
import dev.arca.storage.ObjectStore;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Runs a Restore resource with the restore engine, as {@code arca restore create} does: New
 * becomes InProgress, the run goes to the pool, the record goes to the location (or, ReadOnly, is
 * kept only in the status), and the status and an Event say how it ended. A restore whose process
 * died is run again: the engine's restore is idempotent (existing identical items are reported,
 * not changed).
 */
public final class RestoreReconciler implements Reconciler<Restore> {
    private static final Set<RestorePhase> FINAL = Set.of(RestorePhase.Completed, RestorePhase.PartiallyFailed,
            RestorePhase.Failed, RestorePhase.Cancelled);
    private final ServerContext ctx;

    public RestoreReconciler(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public UpdateControl<Restore> reconcile(Restore restore, Context<Restore> context) {
        RestorePhase phase = restore.getStatus() == null ? null : restore.getStatus().getPhase();
        String key = "restore/" + restore.getMetadata().getNamespace() + "/" + restore.getMetadata().getName();
        if (phase != null && FINAL.contains(phase)) {
            return UpdateControl.noUpdate();
        }
        boolean cancel = Boolean.TRUE.equals(restore.getSpec().getCancel());
        if (ctx.runs().isRunning(key)) {
            if (cancel) {
                ctx.runs().cancel(key);
            }
            return UpdateControl.noUpdate();
        }
        if (cancel) {
            cancelledBeforeRunning(restore);
            return UpdateControl.noUpdate();
        }
        ctx.runs().start(key, run -> run(restore, run));
        return UpdateControl.noUpdate();
    }

    /** A restore cancelled before this process ran it (or after the process that ran it died): nothing more is applied. */
    private void cancelledBeforeRunning(Restore restore) {
        RestoreStatus status = new RestoreStatus();
        status.setPhase(RestorePhase.Cancelled);
        status.setFailureReason("cancelled (spec.cancel) before it ran");
        status.setCompletionTimestamp(StatusPatch.time(ctx.clock().instant()));
        StatusPatch.patch(ctx.client(), restore, status);
        ctx.events().normal(restore, "Cancelled", "restore cancelled before it ran");
    }

    private void run(Restore restore, Runs.Run run) {
        Instant started = ctx.clock().instant();
        String name = restore.getMetadata().getName();
        String locationName = "";
        try {
            BackupLocation location = ctx.locations().find(restore.getSpec().getStorageLocation());
            locationName = location.getMetadata().getName();
            String ns = restore.getMetadata().getNamespace();
            dev.arca.server.resources.EnvironmentResourceSpec env = RestoreEnvironments.find(restore.getSpec(), ctx.client(), ns);
            dev.arca.api.RestoreSpec spec = EngineSpecs.withConfigMaps(EngineSpecs.restore(restore.getSpec(), locationName, env),
                    restore.getSpec(), restore.getSpec().getEnvironment(), env, ctx.client(), ns); // refuses a bad spec first
            RestoreStatus status = new RestoreStatus();
            status.setPhase(RestorePhase.InProgress);
            status.setStartTimestamp(StatusPatch.time(started));
            status.setRunId(ctx.identity());
            status.setObservedGeneration(restore.getMetadata().getGeneration());
            StatusPatch.patch(ctx.client(), restore, status);
            ctx.events().normal(restore, "Started", "restore of backup " + restore.getSpec().getBackupName() + " started");
            ctx.observer().restoreStarted(restore, locationName);
            List<Path> roots = restore.getSpec().getVolumeRoots() == null ? List.of()
                    : restore.getSpec().getVolumeRoots().stream().map(Path::of).toList();
            try (ObjectStore store = ctx.opener().apply(location);
                 ObjectStore records = store.writable() ? null : new dev.arca.storage.fs.FilesystemObjectStore(
                         Path.of(System.getProperty("java.io.tmpdir"), "arca-restore-records", location.getMetadata().getName()))) {
                RunProgress progress = new RunProgress(run, 2_000, (done, expected) -> { });
                RestoreRecord record = new RestoreRunner(ctx.client(), store, records == null ? store : records,
                        ctx.engine().withVolumeRestoreRoots(roots)).run(name, spec, progress);
                if (run.cancelled()) { // the engine may end the run with a record when the cancel cut one item
                    throw new java.util.concurrent.CancellationException("the run was cancelled");
                }
                finished(restore, record, locationName, started);
            }
        } catch (RuntimeException | LinkageError e) {
            if (run.abandoned()) {
                return; // the process stops: the next leader runs it again
            }
            // a cancel interrupted this thread: the final status and its Event are written in full all the same (an
            // interrupted status write may land and still throw, and the Event was then never sent)
            Thread.interrupted();
            String reason = run.cancelled() ? "cancelled (spec.cancel) while it ran; items applied before stay"
                    : Messages.describe(e);
            RestoreStatus status = new RestoreStatus();
            status.setPhase(run.cancelled() ? RestorePhase.Cancelled : RestorePhase.Failed);
            status.setFailureReason(reason);
            status.setCompletionTimestamp(StatusPatch.time(ctx.clock().instant()));
            StatusPatch.patch(ctx.client(), restore, status);
            if (run.cancelled()) {
                ctx.events().normal(restore, "Cancelled", "restore " + reason);
            } else {
                ctx.events().warning(restore, "Failed", "restore failed: " + reason);
            }
            ctx.observer().restoreFinished(restore, locationName, status.getPhase().name(),
                    BackupReconciler.took(started, ctx.clock().instant()));
        }
    }

    private void finished(Restore restore, RestoreRecord record, String location, Instant started) {
        RestoreStatus status = new RestoreStatus();
        RestorePhase phase = record.phase() == Phase.Completed ? RestorePhase.Completed
                : record.phase() == Phase.PartiallyFailed ? RestorePhase.PartiallyFailed : RestorePhase.Failed;
        status.setPhase(phase);
        status.setCompletionTimestamp(StatusPatch.time(record.completed() == null ? ctx.clock().instant() : record.completed()));
        status.setErrors(record.outcome().errors().size());
        status.setWarnings(record.outcome().warnings().size());
        status.setFailureReason(record.failure());
        long done = record.counts().values().stream().mapToLong(Long::longValue).sum();
        long failed = record.count(ItemOutcome.failed);
        RestoreProgress progress = new RestoreProgress();
        progress.setItemsRestored((int) Math.min(Integer.MAX_VALUE, done - failed));
        progress.setTotalItems((int) Math.min(Integer.MAX_VALUE, done));
        status.setProgress(progress);
        StatusPatch.patch(ctx.client(), restore, status);
        String text = "restore " + phase + ": " + (done - failed) + " of " + done + " items, " + status.getWarnings()
                + " warnings, " + status.getErrors() + " errors";
        if (phase == RestorePhase.Completed) {
            ctx.events().normal(restore, "Completed", text);
        } else {
            ctx.events().warning(restore, phase.name(), text + "; see 'arca restore describe " + restore.getMetadata().getName() + "'");
        }
        ctx.observer().restoreFinished(restore, location, phase.name(), BackupReconciler.took(started, ctx.clock().instant()));
    }
}

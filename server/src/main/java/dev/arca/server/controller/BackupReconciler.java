package dev.arca.server.controller;

import dev.arca.api.ArcaException;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupStatus;
import dev.arca.server.resources.Resources;
import dev.arca.storage.ObjectStore;
import dev.arca.engine.retention.BackupDeleter;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Backup resource's backup in the server: New becomes InProgress and the run goes to the
 * pool ({@link BackupRun}); an InProgress backup that no run of this process works on was left by
 * a process that died, and is resumed; {@code spec.cancel} or deleting a running backup stops it.
 * A finished backup made by hand is deleted (resource and data) once its ttl passes; a Schedule's
 * backups follow the Schedule's retention. Deleting the resource deletes the backup from a
 * writable location, unless it is immutable or a restore holds it: then the deletion waits, with
 * a condition and an Event saying why.
 */
public final class BackupReconciler implements Reconciler<Backup>, Cleaner<Backup> {
    public static final String FINALIZER = Resources.GROUP + "/backup-data";
    /** On a Backup that sync made from the location: the reconciler never runs it. */
    public static final String SYNCED_ANNOTATION = Resources.GROUP + "/synced";
    /** On a Backup that sync deletes because the location no longer has it: nothing to delete there. */
    public static final String GONE_ANNOTATION = Resources.GROUP + "/gone-from-location";
    private static final Logger LOG = LoggerFactory.getLogger(BackupReconciler.class);
    private static final Set<BackupPhase> FINAL = Set.of(BackupPhase.Completed, BackupPhase.PartiallyFailed,
            BackupPhase.Failed, BackupPhase.Cancelled);
    private static final long CANCEL_WAIT_MILLIS = 8_000;
    private final ServerContext ctx;

    public BackupReconciler(ServerContext ctx) {
        this.ctx = ctx;
    }

    static String key(Backup b) {
        return "backup/" + b.getMetadata().getNamespace() + "/" + b.getMetadata().getName();
    }

    /** The location a backup was written to (its label, once a run set it), else the one its spec names (null: the default). */
    static String locationOf(Backup backup) {
        Map<String, String> labels = backup.getMetadata().getLabels();
        String label = labels == null ? null : labels.get(Resources.LOCATION_LABEL);
        return label != null ? label : backup.getSpec() == null ? null : backup.getSpec().getStorageLocation();
    }

    static boolean synced(Backup backup) {
        return backup.getMetadata().getAnnotations() != null && backup.getMetadata().getAnnotations().containsKey(SYNCED_ANNOTATION);
    }

    @Override
    public UpdateControl<Backup> reconcile(Backup cached, Context<Backup> context) {
        if (synced(cached)) {
            return UpdateControl.noUpdate(); // made by another server (or an earlier one): never run nor expired here
        }
        BackupPhase cachedPhase = cached.getStatus() == null ? null : cached.getStatus().getPhase();
        if (cachedPhase != null && FINAL.contains(cachedPhase)) {
            return expireIfDue(cached);
        }
        String key = key(cached);
        if (ctx.runs().isRunning(key)) {
            if (Boolean.TRUE.equals(cached.getSpec().getCancel())) {
                ctx.runs().cancel(key);
            }
            return UpdateControl.noUpdate();
        }
        // the cache may lag behind a run of this process that just ended: decide on the API server's copy
        Backup backup = ctx.client().resources(Backup.class).inNamespace(cached.getMetadata().getNamespace())
                .withName(cached.getMetadata().getName()).get();
        if (backup == null) {
            return UpdateControl.noUpdate();
        }
        BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().getPhase();
        if (phase != null && FINAL.contains(phase)) {
            return expireIfDue(backup);
        }
        if (Boolean.TRUE.equals(backup.getSpec().getCancel())) {
            if (!ctx.runs().cancel(key)) {
                new BackupRun(ctx, backup, null, null).cancelledBeforeRunning();
            }
            return UpdateControl.noUpdate();
        }
        String previous = phase == BackupPhase.InProgress ? backup.getStatus().getRunId() : null;
        String runId = ctx.identity() + "-" + Long.toHexString(System.nanoTime() & 0xffffffL);
        BackupRun run = new BackupRun(ctx, backup, runId, previous);
        if (ctx.runs().start(key, run::run)) {
            LOG.info("{} backup {}/{} as run {}", previous == null ? "starting" : "resuming", backup.getMetadata().getNamespace(),
                    backup.getMetadata().getName(), runId);
        }
        return UpdateControl.noUpdate();
    }

    /**
     * A finished backup made by hand (or whose Schedule is gone) goes once its expiration passes;
     * the backups of an existing Schedule follow its retention.
     */
    private UpdateControl<Backup> expireIfDue(Backup backup) {
        BackupStatus status = backup.getStatus();
        String schedule = backup.getMetadata().getLabels() == null ? null : backup.getMetadata().getLabels().get(Resources.SCHEDULE_LABEL);
        boolean scheduled = schedule != null && ctx.caches().scheduleExists(schedule);
        Instant expires;
        try {
            expires = StatusPatch.instant(status.getExpiration());
        } catch (java.time.format.DateTimeParseException e) {
            LOG.warn("backup {}/{}: status.expiration \"{}\" is not a time; it does not expire", backup.getMetadata().getNamespace(),
                    backup.getMetadata().getName(), status.getExpiration());
            return UpdateControl.noUpdate();
        }
        if (scheduled || expires == null) {
            return UpdateControl.noUpdate();
        }
        if (!ctx.clock().instant().isBefore(expires)) {
            ctx.events().normal(backup, "Expired", "backup expired at " + status.getExpiration() + "; deleting it");
            ctx.client().resource(backup).delete();
            return UpdateControl.noUpdate();
        }
        return UpdateControl.<Backup>noUpdate().rescheduleAfter(ctx.until(expires));
    }

    @Override
    public DeleteControl cleanup(Backup backup, Context<Backup> context) {
        String key = key(backup);
        try {
            if (ctx.runs().cancel(key) && !ctx.runs().awaitEnd(key, CANCEL_WAIT_MILLIS)) {
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(2_000);
        }
        if (backup.getMetadata().getAnnotations() != null && backup.getMetadata().getAnnotations().containsKey(GONE_ANNOTATION)) {
            return DeleteControl.defaultDelete();
        }
        return deleteData(backup);
    }

    private DeleteControl deleteData(Backup backup) {
        String name = backup.getMetadata().getName();
        BackupLocation location;
        try {
            location = ctx.locations().find(locationOf(backup));
        } catch (ArcaException.InvalidInput e) {
            ctx.events().warning(backup, "DataNotDeleted", "the backup's location cannot be found, so its data (if any) was"
                    + " left in place: " + e.getMessage());
            return DeleteControl.defaultDelete();
        }
        if (location.getSpec().getAccessMode() == dev.arca.api.BackupLocationSpec.AccessMode.ReadOnly) {
            return DeleteControl.defaultDelete(); // never written; sync brings the resource back while the data is there
        }
        try (ObjectStore store = ctx.opener().apply(location)) {
            if (!dataIsThis(backup, store)) {
                return DeleteControl.defaultDelete();
            }
            new BackupDeleter(store, ctx.clock()).delete(name);
            ctx.events().normal(backup, "Deleted", "deleted backup " + name + " from location " + location.getMetadata().getName());
            return DeleteControl.defaultDelete();
        } catch (ArcaException.NotFound e) {
            return DeleteControl.defaultDelete();
        } catch (dev.arca.engine.retention.BackupImmutableException | dev.arca.engine.retention.BackupInUseException e) {
            blocked(backup, e.getMessage());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(ctx.maxRecheck().toMillis());
        } catch (RuntimeException e) {
            blocked(backup, "deleting its data from location " + location.getMetadata().getName() + " failed ("
                    + Messages.describe(e) + "); retrying");
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(Math.min(60_000, ctx.maxRecheck().toMillis()));
        }
    }

    /**
     * Whether the location's backup of this name is the one this resource stands for: a finished
     * resource (or one sync made) names the backup it saw; a Failed one only a Failed manifest or
     * remains without one (what its run left); a run that never started, or was cancelled (its
     * run removed what it wrote), has nothing there of its own. Another run's backup of the same
     * name (a second cluster's schedule, a laptop's run) is never deleted through this resource.
     */
    private static boolean dataIsThis(Backup backup, ObjectStore store) {
        BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().getPhase();
        if (synced(backup) || phase == BackupPhase.Completed || phase == BackupPhase.PartiallyFailed) {
            return true;
        }
        return phase == BackupPhase.Failed && BackupRun.nothingFinishedUnder(store, backup.getMetadata().getName());
    }

    private void blocked(Backup backup, String why) {
        boolean known = backup.getStatus() != null && backup.getStatus().getConditions() != null
                && backup.getStatus().getConditions().stream()
                .anyMatch(c -> "DeletionBlocked".equals(c.getType()) && why.equals(c.getMessage()));
        if (known) {
            return; // said once; the retry goes on quietly
        }
        ctx.events().warning(backup, "DeletionBlocked", why);
        BackupStatus status = new BackupStatus();
        status.setConditions(StatusPatch.setCondition(backup.getStatus() == null ? null : backup.getStatus().getConditions(),
                "DeletionBlocked", true, "DataKept", why, ctx.clock().instant()));
        StatusPatch.patch(ctx.client(), backup, status);
    }

    static Duration took(Instant start, Instant end) {
        return start == null ? Duration.ZERO : Duration.between(start, end);
    }
}

package dev.arca.server.controller;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.Resources;
import dev.arca.server.resources.Schedule;
import dev.arca.server.resources.SchedulePhase;
import dev.arca.server.resources.ScheduleSpec;
import dev.arca.server.resources.ScheduleStatus;
import dev.arca.server.schedule.BackupNames;
import dev.arca.server.schedule.ConcurrencyPolicy;
import dev.arca.server.schedule.DueRun;
import dev.arca.server.schedule.ScheduleTiming;
import dev.arca.server.schedule.ScheduleValidation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a Schedule's backups: validates it (a bad one gets phase FailedValidation, a condition and
 * one Event per generation, and is never retried in a loop), decides with {@link DueRun} whether a
 * run is due (missed runs collapse into one catch-up run, bounded by startingDeadlineSeconds),
 * applies the concurrency policy, creates the Backup {@code <schedule>-<yyyyMMddHHmmss>} from the
 * template (create-if-absent, so a crash between create and status is harmless), applies the
 * retention policy ({@link ScheduleRetention}), and looks again at the next run time.
 */
public final class ScheduleReconciler implements Reconciler<Schedule> {
    private final ServerContext ctx;
    private final ScheduleRetention retention;

    public ScheduleReconciler(ServerContext ctx) {
        this.ctx = ctx;
        this.retention = new ScheduleRetention(ctx);
    }

    @Override
    public UpdateControl<Schedule> reconcile(Schedule schedule, Context<Schedule> context) {
        ScheduleSpec spec = schedule.getSpec();
        ScheduleStatus old = schedule.getStatus() == null ? new ScheduleStatus() : schedule.getStatus();
        Instant now = ctx.clock().instant();
        List<String> problems = problems(schedule);
        if (!problems.isEmpty()) {
            return invalid(schedule, old, problems, now);
        }
        ScheduleTiming timing = ScheduleTiming.of(spec.getSchedule(), spec.getTimeZone());
        List<Backup> backups = backupsOf(schedule);
        ScheduleStatus status = new ScheduleStatus();
        status.setValidationErrors(List.of());
        status.setObservedGeneration(schedule.getMetadata().getGeneration());
        lastSuccessful(backups).ifPresent(status::setLastSuccessfulBackup);
        Instant created = StatusPatch.instant(schedule.getMetadata().getCreationTimestamp());
        Instant lastScheduled = StatusPatch.instant(old.getLastScheduleTime());
        if (Boolean.TRUE.equals(spec.getPaused())) {
            status.setPhase(SchedulePhase.Paused);
            status.setConditions(StatusPatch.setCondition(old.getConditions(), "Ready", true, "Paused", "the schedule is paused", now));
            patch(schedule, status, old.getPhase() != SchedulePhase.Paused ? "Paused" : null, "schedule paused");
            retention.apply(schedule, backups, timing.zone());
            return UpdateControl.noUpdate();
        }
        if (old.getPhase() == SchedulePhase.Paused) {
            lastScheduled = DueRun.lastScheduledOnUnpause(timing, created, lastScheduled, now,
                    Boolean.TRUE.equals(spec.getSkipImmediately()));
            status.setLastScheduleTime(StatusPatch.time(lastScheduled));
            ctx.events().normal(schedule, "Unpaused", Boolean.TRUE.equals(spec.getSkipImmediately())
                    ? "schedule unpaused; runs missed while paused are skipped (skipImmediately)" : "schedule unpaused");
        }
        DueRun due = DueRun.decide(timing, created, lastScheduled, now, spec.getStartingDeadlineSeconds());
        status.setPhase(SchedulePhase.Enabled);
        status.setConditions(StatusPatch.setCondition(old.getConditions(), "Ready", true, "Valid", due.reason(), now));
        status.setNextRunTime(StatusPatch.time(due.lookAgainAt()));
        switch (due.kind()) {
            case RUN -> run(schedule, due, backups, status);
            case MISSED -> {
                status.setLastScheduleTime(StatusPatch.time(due.scheduledTime()));
                ctx.events().warning(schedule, "MissedRun", due.reason());
            }
            case WAIT -> { }
        }
        StatusPatch.patch(ctx.client(), schedule, status);
        retention.apply(schedule, backupsOf(schedule), timing.zone());
        return UpdateControl.<Schedule>noUpdate().rescheduleAfter(ctx.until(due.lookAgainAt()));
    }

    /** A reconcile that failed (the API server refused a Backup, say): a condition and an Event, then a later look. */
    @Override
    public io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl<Schedule> updateErrorStatus(Schedule schedule,
            Context<Schedule> context, Exception e) {
        String why = Messages.describe(e);
        ctx.events().warning(schedule, "ReconcileFailed", "the server could not act on this schedule: " + why);
        ScheduleStatus status = new ScheduleStatus();
        status.setConditions(StatusPatch.setCondition(schedule.getStatus() == null ? null : schedule.getStatus().getConditions(),
                "Ready", false, "ReconcileFailed", why, ctx.clock().instant()));
        try {
            StatusPatch.patch(ctx.client(), schedule, status);
        } catch (RuntimeException ignored) {
            // the Event said it; the next look tries again
        }
        return io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl.<Schedule>noStatusUpdate()
                .rescheduleAfter(ctx.maxRecheck());
    }

    private void run(Schedule schedule, DueRun due, List<Backup> backups, ScheduleStatus status) {
        String name = schedule.getMetadata().getName();
        status.setLastScheduleTime(StatusPatch.time(due.scheduledTime()));
        String running = backups.stream().filter(ScheduleReconciler::running)
                .map(b -> b.getMetadata().getName()).sorted().reduce((a, b) -> b).orElse(null);
        ConcurrencyPolicy.Decision decision = ConcurrencyPolicy.fromSpec(schedule.getSpec().getConcurrencyPolicy() == null
                ? null : schedule.getSpec().getConcurrencyPolicy().name()).decide(name, running);
        switch (decision.action()) {
            case SKIP -> {
                ctx.events().warning(schedule, "RunSkipped", decision.reason());
                return;
            }
            case CANCEL_RUNNING_THEN_START -> {
                backups.stream().filter(ScheduleReconciler::running).forEach(this::cancel);
                ctx.events().normal(schedule, "Replacing", decision.reason());
            }
            case START -> { }
        }
        String backupName = BackupNames.forRun(name, due.scheduledTime());
        if (create(schedule, backupName)) {
            ctx.events().normal(schedule, "BackupCreated", "created backup " + backupName + ": " + due.reason());
        }
        status.setLastBackup(backupName);
    }

    /** Creates the run's Backup; false when it exists already (a run decided before a crash). */
    private boolean create(Schedule schedule, String backupName) {
        BackupResourceSpec spec = schedule.getSpec().getTemplate() == null ? new BackupResourceSpec()
                : ctx.client().getKubernetesSerialization().clone(schedule.getSpec().getTemplate());
        spec.setSchedule(schedule.getMetadata().getName());
        spec.setCancel(null);
        Backup backup = new Backup();
        backup.setMetadata(new ObjectMetaBuilder().withName(backupName).withNamespace(schedule.getMetadata().getNamespace())
                .withLabels(Map.of(Resources.SCHEDULE_LABEL, schedule.getMetadata().getName())).build());
        backup.setSpec(spec);
        try {
            ctx.client().resource(backup).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    private void cancel(Backup backup) {
        ctx.client().resources(Backup.class).inNamespace(backup.getMetadata().getNamespace())
                .withName(backup.getMetadata().getName())
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"spec\":{\"cancel\":true}}");
    }

    private UpdateControl<Schedule> invalid(Schedule schedule, ScheduleStatus old, List<String> problems, Instant now) {
        boolean reported = old.getPhase() == SchedulePhase.FailedValidation
                && schedule.getMetadata().getGeneration().equals(old.getObservedGeneration())
                && problems.equals(old.getValidationErrors());
        if (reported) {
            return UpdateControl.noUpdate();
        }
        ScheduleStatus status = new ScheduleStatus();
        status.setPhase(SchedulePhase.FailedValidation);
        status.setValidationErrors(problems);
        status.setObservedGeneration(schedule.getMetadata().getGeneration());
        status.setConditions(StatusPatch.setCondition(old.getConditions(), "Ready", false, "FailedValidation",
                String.join("; ", problems), now));
        patch(schedule, status, null, null);
        ctx.events().warning(schedule, "FailedValidation", "the schedule will not run until fixed: " + String.join("; ", problems));
        return UpdateControl.noUpdate();
    }

    private void patch(Schedule schedule, ScheduleStatus status, String reason, String message) {
        StatusPatch.patch(ctx.client(), schedule, status);
        if (reason != null) {
            ctx.events().normal(schedule, reason, message);
        }
    }

    static List<String> problems(Schedule schedule) {
        ScheduleSpec spec = schedule.getSpec();
        if (spec == null) {
            return List.of("the Schedule has no spec; give at least spec.schedule");
        }
        List<String> problems = new java.util.ArrayList<>(ScheduleValidation.problems(schedule.getMetadata().getName(),
                spec.getSchedule(), spec.getTimeZone(), spec.getStartingDeadlineSeconds(),
                spec.getConcurrencyPolicy() == null ? null : spec.getConcurrencyPolicy().name()));
        problems.addAll(ScheduleRetention.problems(spec.getRetention()));
        return problems;
    }

    private List<Backup> backupsOf(Schedule schedule) {
        return ctx.client().resources(Backup.class).inNamespace(schedule.getMetadata().getNamespace())
                .withLabel(Resources.SCHEDULE_LABEL, schedule.getMetadata().getName()).list().getItems();
    }

    static boolean running(Backup b) {
        BackupPhase phase = b.getStatus() == null ? null : b.getStatus().getPhase();
        return b.getMetadata().getDeletionTimestamp() == null && !BackupReconciler.synced(b)
                && (phase == null || phase == BackupPhase.New || phase == BackupPhase.InProgress);
    }

    private static Optional<String> lastSuccessful(List<Backup> backups) {
        return backups.stream().filter(b -> b.getStatus() != null && b.getStatus().getPhase() == BackupPhase.Completed)
                .max(Comparator.comparing((Backup b) -> String.valueOf(b.getStatus().getStartTimestamp()))
                        .thenComparing(b -> b.getMetadata().getName()))
                .map(b -> b.getMetadata().getName());
    }
}

package dev.arca.server.controller;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.RetentionSpec;
import dev.arca.server.resources.Schedule;
import dev.arca.server.retention.BackupRecord;
import dev.arca.server.retention.BackupResources;
import dev.arca.server.retention.RetentionPlan;
import dev.arca.server.retention.RetentionPlanner;
import dev.arca.server.retention.RetentionPolicy;
import dev.arca.server.retention.RetentionSpecs;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Schedule's retention, over the Backup resources of the schedule (which sync keeps equal to
 * the location's, backups written by other clusters included): the planner decides, and each
 * backup it would delete is deleted as a resource, whose finalizer deletes the data and refuses
 * (and keeps the resource) when the backup is immutable or a restore holds it.
 */
final class ScheduleRetention {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRetention.class);
    private final ServerContext ctx;
    private final RetentionPlanner planner = new RetentionPlanner();

    ScheduleRetention(ServerContext ctx) {
        this.ctx = ctx;
    }

    static List<String> problems(RetentionSpec spec) {
        return RetentionSpecs.problems(spec, ZoneId.of("UTC"));
    }

    void apply(Schedule schedule, List<Backup> backups, ZoneId zone) {
        String name = schedule.getMetadata().getName();
        RetentionPolicy policy = RetentionSpecs.policy(schedule.getSpec().getRetention(), zone);
        if (policy.keepsEverything()) {
            return;
        }
        List<Backup> live = backups.stream().filter(b -> b.getMetadata().getDeletionTimestamp() == null).toList();
        RetentionPlan plan = planner.plan(name, policy, BackupResources.records(name, live), ctx.clock().instant());
        List<BackupRecord> doomed = plan.toDelete();
        if (doomed.isEmpty()) {
            return;
        }
        Map<String, Backup> byName = live.stream().collect(Collectors.toMap(b -> b.getMetadata().getName(), b -> b));
        int deleted = 0;
        for (BackupRecord record : doomed) {
            Backup backup = byName.get(record.name());
            if (backup == null) {
                continue;
            }
            String why = String.join("; ", plan.entry(record.name()).reasons());
            ctx.events().normal(backup, "RetentionDelete", "schedule " + name + "'s retention deletes this backup: " + why);
            ctx.client().resource(backup).delete();
            deleted++;
        }
        LOG.info("retention of schedule {} deleted {} backups", name, deleted);
        String location = schedule.getSpec().getTemplate() == null || schedule.getSpec().getTemplate().getStorageLocation() == null
                ? "" : schedule.getSpec().getTemplate().getStorageLocation();
        ctx.observer().retentionDeleted(name, location, deleted);
        ctx.events().normal(schedule, "Retention", "deleted " + deleted + " backup(s) the retention policy no longer keeps");
    }
}

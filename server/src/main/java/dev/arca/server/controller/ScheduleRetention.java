package dev.arca.server.controller;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.RetentionSpec;
import dev.arca.server.resources.Schedule;
import java.time.ZoneId;
import java.util.List;

/** A Schedule's retention, applied to the Backup resources of the schedule (which sync keeps equal to the location's). */
final class ScheduleRetention {
    private final ServerContext ctx;

    ScheduleRetention(ServerContext ctx) {
        this.ctx = ctx;
    }

    static List<String> problems(RetentionSpec spec) {
        return List.of();
    }

    void apply(Schedule schedule, List<Backup> backups, ZoneId zone) {
        // filled in with the retention planner once the resource-to-record mapping lands
    }
}

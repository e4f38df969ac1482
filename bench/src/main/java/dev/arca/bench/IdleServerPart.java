package dev.arca.bench;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.Resources;
import dev.arca.server.resources.Schedule;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Part 1 of {@code bench/server}: an idle server holding S Schedules (none due during the run)
 * and B backups in a filesystem location that its sync turned into Backup resources. Once it is
 * Ready and every resource exists, its RSS and CPU are sampled for the given minutes.
 */
final class IdleServerPart {
    private static final Duration SETTLE_MAX = Duration.ofMinutes(15);
    private final ServerBench.Run run;
    private final PrintStream err;

    IdleServerPart(ServerBench.Run run, PrintStream err) {
        this.run = run;
        this.err = err;
    }

    ProcSampler.Sample measure(int schedules, int backups, double minutes) {
        ServerResources resources = new ServerResources(run.client(), "idle");
        Path location = run.work().resolve("idle-location");
        long began = System.nanoTime();
        BackupCopies.fill(location, run.work(), "idle", backups);
        err.printf("bench: idle: wrote %d backups into %s in %.1f s%n", backups, location, (System.nanoTime() - began) / 1e9);
        resources.filesystemLocation(location, "1m");
        int quiet = (int) Math.ceil(minutes) + 30;
        List<String> crons = ScheduleSpread.crons(schedules, LocalTime.now(ZoneOffset.UTC), quiet);
        for (int i = 0; i < crons.size(); i++) {
            resources.schedule(String.format("daily-%03d", i), crons.get(i));
        }
        err.printf("bench: idle: %d Schedules from '%s' to '%s' (UTC), none due in the next %d minutes%n", schedules,
                crons.isEmpty() ? "-" : crons.get(0), crons.isEmpty() ? "-" : crons.get(crons.size() - 1), quiet);
        try (ServerProcess server = ServerProcess.start(run, resources.namespace(), "idle-server")) {
            server.await("the idle server to be Ready, its " + backups + " backups synced and its " + schedules
                    + " Schedules reconciled", SETTLE_MAX, Duration.ofSeconds(2),
                    () -> server.ready() && resources.backups().size() >= backups && allScheduled(resources.schedules()));
            err.printf("bench: idle: server Ready with %d Backup resources and %d reconciled Schedules %.1f s after its"
                    + " start; sampling for %.2f minutes%n", backups, schedules, server.age().toNanos() / 1e9, minutes);
            ProcSampler.Sample sample = ProcSampler.watch(server.pid(), Duration.ofMillis((long) (minutes * 60_000)));
            List<Backup> after = resources.backups();
            long scheduled = after.stream().filter(b -> b.getMetadata().getLabels() != null
                    && b.getMetadata().getLabels().containsKey(Resources.SCHEDULE_LABEL)).count();
            if (after.size() != backups || scheduled > 0) {
                throw new Checks.Broken("the idle server was not idle: " + after.size() + " Backup resources (expected "
                        + backups + "), " + scheduled + " made by a Schedule; see " + run.work().resolve("idle-server.log"));
            }
            err.println("bench: idle: " + sample.describe());
            return sample;
        }
    }

    private static boolean allScheduled(List<Schedule> schedules) {
        return schedules.stream().allMatch(s -> s.getStatus() != null && s.getStatus().getNextRunTime() != null);
    }
}

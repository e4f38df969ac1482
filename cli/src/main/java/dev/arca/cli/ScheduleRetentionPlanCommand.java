package dev.arca.cli;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.Resources;
import dev.arca.server.resources.Schedule;
import dev.arca.server.retention.BackupResources;
import dev.arca.server.retention.RetentionPlan;
import dev.arca.server.retention.RetentionPlanTable;
import dev.arca.server.retention.RetentionPlanner;
import dev.arca.server.retention.RetentionPolicy;
import dev.arca.server.retention.RetentionSpecs;
import dev.arca.server.schedule.ScheduleTiming;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arca schedule retention-plan NAME}: which of the schedule's Backup resources its retention
 * keeps and which it would delete now, and why. Reads only; the server's garbage collection plans
 * with the same classes ({@link BackupResources}, {@link RetentionSpecs}, {@link RetentionPlanner}).
 */
@Command(name = "retention-plan", mixinStandardHelpOptions = true,
        description = "Show which of a schedule's backups its retention keeps and which it would delete now, and why.")
final class ScheduleRetentionPlanCommand extends ServerContext implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", description = "The schedule's name.") String name;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        Schedule schedule;
        List<Backup> backups;
        try (KubernetesClient client = connect()) {
            schedule = ScheduleCommand.find(this, client, name);
            backups = client.resources(Backup.class).inNamespace(namespace)
                    .withLabel(Resources.SCHEDULE_LABEL, name).list().getItems();
        }
        ZoneId zone = ScheduleTiming.zone(schedule.getSpec().getTimeZone());
        RetentionPolicy policy = RetentionSpecs.policy(schedule.getSpec().getRetention(), zone);
        RetentionPlan plan = new RetentionPlanner().plan(name, policy, BackupResources.records(name, backups), clock.instant());
        spec.commandLine().getOut().print(RetentionPlanTable.render(plan, zone));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}

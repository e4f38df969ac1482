package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.server.resources.Schedule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arca schedule create|get|describe|pause|unpause|delete|retention-plan}: Schedule resources the server runs. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Create and inspect schedules: backups the Arca server runs in the cluster at cron times.",
        subcommands = {ScheduleCreateCommand.class, ScheduleCommand.Get.class, ScheduleCommand.Describe.class,
                ScheduleCommand.Pause.class, ScheduleCommand.Unpause.class, ScheduleCommand.Delete.class,
                ScheduleRetentionPlanCommand.class})
final class ScheduleCommand {

    /** The schedule {@code name} in the command's namespace; "not found" (or "not installed") when there is none. */
    static Schedule find(ServerContext context, KubernetesClient client, String name) {
        Schedule found = client.resources(Schedule.class).inNamespace(context.namespace).withName(name).get();
        if (found == null) {
            context.requireInstalled(client, Schedule.class, "schedules");
            throw new ArcaException("schedule \"" + name + "\" not found in namespace \"" + context.namespace
                    + "\"; run 'arca schedule get -n " + context.namespace + "' to list them");
        }
        return found;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "List schedules, or show the named ones.")
    static final class Get extends ServerContext implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;
        @Parameters(arity = "0..*", description = "Schedule names (default: all in the namespace).") List<String> names;

        @Override
        public Integer call() {
            List<Schedule> schedules;
            try (KubernetesClient client = connect()) {
                if (names == null || names.isEmpty()) {
                    requireInstalled(client, Schedule.class, "schedules");
                    schedules = client.resources(Schedule.class).inNamespace(namespace).list().getItems().stream()
                            .sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList();
                } else {
                    schedules = names.stream().map(n -> find(this, client, n)).toList();
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.structured()) {
                ResourceOutput.print(out, output.format, names != null && names.size() == 1 ? schedules.get(0) : ResourceOutput.list(schedules));
                return ExitCode.OK;
            }
            Instant now = Instant.now();
            OutputOptions.table(out, ScheduleDescriber.HEADER, schedules.stream().map(s -> ScheduleDescriber.row(s, now)).toList());
            return ExitCode.OK;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Show a schedule: its timing, backup template, retention, status and conditions.")
    static final class Describe extends ServerContext implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;
        @Parameters(index = "0", description = "The schedule's name.") String name;

        @Override
        public Integer call() {
            Schedule schedule;
            try (KubernetesClient client = connect()) {
                schedule = find(this, client, name);
            }
            if (output.structured()) {
                ResourceOutput.print(spec.commandLine().getOut(), output.format, schedule);
            } else {
                ScheduleDescriber.describe(spec.commandLine().getOut(), schedule, Instant.now());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a schedule: no runs start until it is unpaused.")
    static final class Pause extends ServerContext implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", description = "The schedule's name.") String name;

        @Override
        public Integer call() {
            try (KubernetesClient client = connect()) {
                Schedule schedule = find(this, client, name);
                if (Boolean.TRUE.equals(schedule.getSpec().getPaused())) {
                    spec.commandLine().getOut().println("schedule \"" + name + "\" is already paused");
                    return ExitCode.OK;
                }
                setPaused(client, namespace, name, true);
            }
            spec.commandLine().getOut().println("schedule \"" + name + "\" paused");
            return ExitCode.OK;
        }
    }

    @Command(name = "unpause", mixinStandardHelpOptions = true,
            description = "Unpause a schedule; with skipImmediately the runs missed while paused are skipped, "
                    + "else the server starts one catch-up run.")
    static final class Unpause extends ServerContext implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", description = "The schedule's name.") String name;

        @Override
        public Integer call() {
            boolean skip;
            try (KubernetesClient client = connect()) {
                Schedule schedule = find(this, client, name);
                if (!Boolean.TRUE.equals(schedule.getSpec().getPaused())) {
                    spec.commandLine().getOut().println("schedule \"" + name + "\" is not paused");
                    return ExitCode.OK;
                }
                skip = Boolean.TRUE.equals(schedule.getSpec().getSkipImmediately());
                setPaused(client, namespace, name, false);
            }
            spec.commandLine().getOut().println("schedule \"" + name + "\" unpaused; " + (skip
                    ? "skipImmediately is set, so the runs missed while paused are skipped and the next run is the next scheduled time"
                    : "the server starts one catch-up run for the latest time missed while paused, if any"));
            return ExitCode.OK;
        }
    }

    /** A JSON merge patch of spec.paused alone, so nothing else of the spec is overwritten. */
    static void setPaused(KubernetesClient client, String namespace, String name, boolean paused) {
        client.resources(Schedule.class).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":" + paused + "}}");
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a schedule; the backups it made stay (delete them with 'arca backup delete').")
    static final class Delete extends ServerContext implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", description = "The schedule's name.") String name;
        @Option(names = "--confirm", description = "Do not ask for confirmation.") boolean confirm;

        @Override
        public Integer call() {
            if (!confirm && !Prompt.yes("delete schedule \"" + name + "\" (its backups stay)?")) {
                throw new ArcaException.InvalidInput("not deleted: confirm at the prompt or pass --confirm");
            }
            try (KubernetesClient client = connect()) {
                if (client.resources(Schedule.class).inNamespace(namespace).withName(name).delete().isEmpty()) {
                    find(this, client, name); // explains: not installed, or not found
                }
            }
            spec.commandLine().getOut().println("schedule \"" + name + "\" deleted; its backups stay");
            return ExitCode.OK;
        }
    }
}

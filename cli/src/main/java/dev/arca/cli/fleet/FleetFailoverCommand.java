package dev.arca.cli.fleet;

import dev.arca.cli.ExitCode;
import dev.arca.fleet.failover.Failover;
import dev.arca.fleet.failover.FailoverReport;
import dev.arca.fleet.members.FleetKey;
import dev.arca.fleet.members.MemberClients;
import dev.arca.fleet.placement.RolloutPlanner;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arca fleet failover --from-cell A --to-cell B}: restore cell A's applications on cell B,
 * their data from the latest backups B's Arca server knows, their placement through the same
 * policies (docs/fleet.md "Failover"). Exit 0 done (or planned, with --dry-run), 1 blocked: nothing
 * was changed.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Move a cell's applications to another cell: restore their data there from the latest backups, "
                + "then place them there through their policies.")
final class FleetFailoverCommand extends HubCommand implements Callable<Integer> {
    @Option(names = "--from-cell", required = true, description = "The cell that is lost or being left.") String from;
    @Option(names = "--to-cell", required = true, description = "The cell that takes its applications.") String to;
    @Option(names = {"-n", "--namespace"}, defaultValue = FleetCommand.DEFAULT_WORKSPACE,
            description = "The workspace of both cells (default: ${DEFAULT-VALUE}).") String workspace;
    @Option(names = "--dry-run", description = "Print what would happen; change nothing.") boolean dryRun;
    @Option(names = "--without-data", description = "Move the applications even where no backup of their namespace is found.")
    boolean withoutData;
    @Option(names = "--server-namespace", defaultValue = Failover.SERVER_NAMESPACE,
            description = "The namespace of the Arca server on members (default: ${DEFAULT-VALUE}).") String serverNamespace;
    @Option(names = "--wait", defaultValue = "10m", description = "How long to wait for each data restore (default: ${DEFAULT-VALUE}).")
    String waitFor;
    @Option(names = "--fleet-key-file", paramLabel = "FILE", description = "Opens the members' credentials "
            + "(default: $ARCA_FLEET_PASSPHRASE).") Path keyFile;

    @Override
    public Integer call() {
        Duration wait = RolloutPlanner.parseDuration(waitFor, Duration.ofMinutes(10));
        try (KubernetesClient hub = hub(); MemberClients members = new MemberClients(hub, FleetKey.from(env, keyFile))) {
            FailoverReport report = new Failover(hub, members, Clock.systemUTC()).run(new Failover.Options(workspace, from, to,
                    dryRun, withoutData, serverNamespace, wait));
            out().print(report.text());
            out().flush();
            return report.blocked() ? ExitCode.FAILED : ExitCode.OK;
        }
    }
}

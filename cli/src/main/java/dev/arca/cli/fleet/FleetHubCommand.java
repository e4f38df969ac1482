package dev.arca.cli.fleet;

import dev.arca.cli.ExitCode;
import dev.arca.fleet.hub.FleetHub;
import dev.arca.fleet.members.FleetKey;
import dev.arca.fleet.placement.RolloutPlanner;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arca fleet hub}: the fleet's controllers as a process against the hub cluster (the current
 * kubeconfig context). Several may run; only the holder of the Lease {@code arca-fleet/arca-fleet-hub}
 * acts, and one that loses it exits so that another takes over.
 */
@Command(name = "hub", mixinStandardHelpOptions = true,
        description = "Run the fleet hub: place, roll out and apply what policies select, and keep members' status.")
final class FleetHubCommand extends HubCommand implements Callable<Integer> {
    @Option(names = "--fleet-key-file", paramLabel = "FILE", description = "The key that opens members' sealed credentials "
            + "(default: the passphrase in $ARCA_FLEET_PASSPHRASE).")
    Path keyFile;
    @Option(names = "--resync", defaultValue = "10s", description = "How often members' state is read again (default: ${DEFAULT-VALUE}).")
    String resync;
    @Option(names = "--store", paramLabel = "JDBC_URL", description = "Keep the audit log of every propagation and the members' "
            + "status history in PostgreSQL (jdbc:postgresql://HOST:PORT/DB; user and password from the URL or $PGUSER, "
            + "$PGPASSWORD) instead of nowhere.")
    String store;
    @Option(names = "--identity", description = "This process's name in the Lease (default: $POD_NAME, or the host name and pid).")
    String identity;

    @Override
    public Integer call() throws Exception {
        FleetKey key = FleetKey.from(env, keyFile);
        Duration every = RolloutPlanner.parseDuration(resync, Duration.ofSeconds(10));
        String id = identity != null ? identity
                : env.getOrDefault("POD_NAME", java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid());
        CountDownLatch stopped = new CountDownLatch(1);
        try (KubernetesClient hub = cluster.connect(env, 16)) {
            FleetHub.Options options = FleetHub.Options.defaults(id, key).withResync(every);
            if (store != null) {
                options = options.withHistory(dev.arca.fleet.store.FleetHistory.open(store, env));
            }
            FleetHub fleet = FleetHub.start(hub, options);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                fleet.close();
                stopped.countDown();
            }, "arca-fleet-hub-stop"));
            err().println("arca fleet hub " + id + " started against " + hub.getConfiguration().getMasterUrl()
                    + "; it acts while it holds Lease arca-fleet/" + FleetHub.LEASE);
            err().flush();
            stopped.await();
        }
        return ExitCode.OK;
    }
}

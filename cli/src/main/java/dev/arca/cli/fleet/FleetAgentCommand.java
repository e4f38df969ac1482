package dev.arca.cli.fleet;

import dev.arca.cli.ExitCode;
import dev.arca.engine.ClusterAccess;
import dev.arca.fleet.agent.FleetAgent;
import dev.arca.fleet.placement.RolloutPlanner;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arca fleet agent}: beside a Pull-mode member, connects out to the hub with the kubeconfig
 * {@code arca fleet join --pull --agent-kubeconfig-out} wrote, and applies the member's work to the
 * cluster of {@code --kubeconfig/--context} (the member itself; in a pod, its own cluster).
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the Pull-mode agent of one member: fetch its work from the hub, apply it, report status.")
final class FleetAgentCommand extends HubCommand implements Callable<Integer> {
    @Option(names = "--hub-kubeconfig", required = true, paramLabel = "FILE",
            description = "The agent's kubeconfig for the hub (it reaches only this member's execution namespace).")
    Path hubKubeconfig;
    @Option(names = "--member", required = true, description = "The MemberCluster's name on the hub.")
    String member;
    @Option(names = {"-n", "--namespace"}, defaultValue = FleetCommand.DEFAULT_WORKSPACE,
            description = "The member's workspace on the hub (default: ${DEFAULT-VALUE}).")
    String workspace;
    @Option(names = "--resync", defaultValue = "10s", description = "How often the member's state is read again (default: ${DEFAULT-VALUE}).")
    String resync;

    @Override
    public Integer call() throws Exception {
        Duration every = RolloutPlanner.parseDuration(resync, Duration.ofSeconds(10));
        CountDownLatch stopped = new CountDownLatch(1);
        try (KubernetesClient hub = ClusterAccess.connect(hubKubeconfig, null, 4);
             KubernetesClient local = cluster.connect(env, 8)) {
            FleetAgent agent = FleetAgent.start(hub, local, workspace, member, every, Clock.systemUTC());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                agent.close();
                stopped.countDown();
            }, "arca-fleet-agent-stop"));
            err().println("arca fleet agent of member " + workspace + "/" + member + " started: hub "
                    + hub.getConfiguration().getMasterUrl() + ", member " + local.getConfiguration().getMasterUrl());
            err().flush();
            stopped.await();
        }
        return ExitCode.OK;
    }
}

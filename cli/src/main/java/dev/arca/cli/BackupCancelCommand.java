package dev.arca.cli;

import dev.arca.api.Durations;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code arca backup cancel NAME}: stops a backup the server runs; nothing of it stays in the location. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Stop a backup the server runs (phase Cancelled; nothing of it is kept in the location).")
final class BackupCancelCommand extends ServerContext implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The Backup resource's name.")
    String name;
    @Option(names = "--wait", defaultValue = "30s", description = "How long to wait for the server to confirm (default: ${DEFAULT-VALUE}).")
    String wait;

    @Override
    public Integer call() {
        Duration limit = dev.arca.api.Durations.parse("--wait", wait);
        try (KubernetesClient client = connect()) {
            return ServerSubmit.cancel(client, namespace, name, limit, spec.commandLine().getOut());
        }
    }
}

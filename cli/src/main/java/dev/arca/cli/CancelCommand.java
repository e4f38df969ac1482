package dev.arca.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arca backup|restore cancel NAME}: asks the server to stop a run it holds, and waits for its answer. */
abstract class CancelCommand extends ServerContext implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The resource's name (as 'kubectl -n NAMESPACE get backups.arca.dev' or restores.arca.dev lists).")
    String name;
    @Option(names = "--wait", defaultValue = "30s", description = "How long to wait for the server to confirm (default: ${DEFAULT-VALUE}).")
    String wait;

    @Override
    public Integer call() {
        Duration limit = dev.arca.api.Durations.parse("--wait", wait);
        try (KubernetesClient client = connect()) {
            return cancel(client, limit, spec.commandLine().getOut());
        }
    }

    abstract int cancel(KubernetesClient client, Duration limit, PrintWriter out);
}

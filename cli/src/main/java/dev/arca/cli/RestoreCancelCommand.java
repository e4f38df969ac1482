package dev.arca.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code arca restore cancel NAME}: stops a restore the server runs; items it applied before stay. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Stop a restore the server runs (phase Cancelled; items applied before the stop stay in the cluster).")
final class RestoreCancelCommand extends CancelCommand {
    @Override
    int cancel(KubernetesClient client, Duration limit, PrintWriter out) {
        return ServerSubmit.cancelRestore(client, namespace, name, limit, out);
    }
}

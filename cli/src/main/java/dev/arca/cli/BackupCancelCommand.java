package dev.arca.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code arca backup cancel NAME}: stops a backup the server runs; nothing of it stays in the location. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Stop a backup the server runs (phase Cancelled; nothing of it is kept in the location).")
final class BackupCancelCommand extends CancelCommand {
    @Override
    int cancel(KubernetesClient client, Duration limit, PrintWriter out) {
        return ServerSubmit.cancelBackup(client, namespace, name, limit, out);
    }
}

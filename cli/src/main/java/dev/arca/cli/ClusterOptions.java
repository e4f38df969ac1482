package dev.arca.cli;

import dev.arca.engine.ClusterAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --kubeconfig} and {@code --context}, as kubectl takes them: the cluster a command runs against,
 * and where a location's passphrase Secret ({@code --passphrase-secret}) is read.
 */
public final class ClusterOptions {
    @Option(names = "--kubeconfig", description = "Path to the kubeconfig file (default: $KUBECONFIG or ~/.kube/config); "
            + "a location's --passphrase-secret is read from its cluster too.")
    Path kubeconfig;

    @Option(names = "--context", description = "The kubeconfig context to use (default: its current context).")
    String context;

    public KubernetesClient connect(Map<String, String> env, int parallelism) {
        Path file = kubeconfig;
        if (file == null && env.get("KUBECONFIG") != null && !env.get("KUBECONFIG").isBlank()) {
            file = Path.of(env.get("KUBECONFIG").split(java.io.File.pathSeparator)[0]);
        }
        return ClusterAccess.connect(file, context, parallelism);
    }
}

package dev.arca.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --env NAME} on restore create, clone and migrate: an environment ({@code arca env add}) fills
 * the target cluster, the namespace mapping, the mappers and the modifiers that the command line
 * leaves out. A flag given on the command line wins over the environment, part by part.
 */
final class EnvironmentOption {
    @Option(names = "--env", paramLabel = "NAME", description = "An environment (arca env add) that fills the target context, "
            + "namespace mapping, mappers and modifiers (with its parameters); flags given here win.")
    String name;

    /** The environment named, or null when {@code --env} was not given. */
    Environment load(ArcaHome home) {
        return name == null ? null : home.environment(name);
    }

    /**
     * The cluster, as one unit: the environment's context (and kubeconfig) unless the command line
     * names a context or a kubeconfig itself.
     */
    static void fillCluster(Environment e, ClusterOptions cluster) {
        if (cluster.context == null && cluster.kubeconfig == null) {
            cluster.context = e.context();
            cluster.kubeconfig = e.kubeconfig() == null ? null : Path.of(e.kubeconfig());
        }
    }

    /** {@code --namespace-mappings} as given, or the environment's when none was. */
    static List<String> mappings(Environment e, List<String> given) {
        if (given != null || e.namespaceMappings().isEmpty()) {
            return given;
        }
        return e.namespaceMappings().entrySet().stream().map(x -> x.getKey() + ":" + x.getValue()).toList();
    }
}

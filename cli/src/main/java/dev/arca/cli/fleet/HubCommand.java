package dev.arca.cli.fleet;

import dev.arca.cli.ArcaCommand;
import dev.arca.cli.ClusterOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The base of fleet commands: the environment, and the hub as {@code --kubeconfig/--context} name it. */
abstract class HubCommand implements ArcaCommand.NeedsEnv {
    @Spec CommandSpec spec;
    @Mixin ClusterOptions cluster;
    Map<String, String> env = Map.of();

    @Override
    public void env(Map<String, String> env) {
        this.env = env;
    }

    KubernetesClient hub() {
        return cluster.connect(env, 4);
    }

    java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }
}

package dev.arca.cli;

import dev.arca.engine.ClusterAccess;
import dev.arca.server.install.InstallApplier;
import dev.arca.server.resources.Resources;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arca uninstall}: deletes what {@code arca install} made; the namespace, the CRDs and the
 * arca.dev resources (Backups, Schedules, BackupLocations and their Secrets) stay unless
 * {@code --include-crds}. Backup data in the locations is never deleted.
 */
@Command(name = "uninstall", mixinStandardHelpOptions = true,
        description = "Remove the Arca server from the cluster. The namespace, the CRDs and the Backup, Schedule and "
                + "BackupLocation resources stay (a later install picks them up) unless --include-crds. Backups in the "
                + "locations are never deleted.")
final class UninstallCommand implements Callable<Integer>, ArcaCommand.NeedsEnv {
    Map<String, String> env = Map.of();
    @Spec CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Option(names = {"-n", "--namespace"}, defaultValue = Resources.DEFAULT_NAMESPACE,
            description = "The namespace the server was installed in (default: ${DEFAULT-VALUE}).") String namespace;
    @Option(names = "--include-crds", description = "Also delete the CRDs, with every arca.dev resource, and the namespace.")
    boolean includeCrds;

    @Override
    public void env(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KubernetesClient client = cluster.connect(env, 1)) {
            List<String> deleted = ClusterAccess.call(client,
                    () -> new InstallApplier(client, java.time.Duration.ofMinutes(1)).uninstall(namespace, includeCrds));
            deleted.forEach(d -> out.println(d + " deleted"));
        }
        if (!includeCrds) {
            spec.commandLine().getErr().println("note: namespace " + namespace + ", the arca.dev CRDs and their resources "
                    + "(Backups, Schedules, BackupLocations and their Secrets) were kept; --include-crds deletes them too "
                    + "(backup data in the locations stays either way)");
        }
        return ExitCode.OK;
    }
}

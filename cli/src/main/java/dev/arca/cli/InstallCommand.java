package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.ArcaException;
import dev.arca.engine.ClusterAccess;
import dev.arca.server.install.InstallApplier;
import dev.arca.server.install.InstallManifests;
import dev.arca.server.install.InstallOptions;
import dev.arca.server.install.InstallYaml;
import dev.arca.server.resources.Resources;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
 * {@code arca install}: applies the server's objects ({@link InstallManifests}) with server-side
 * apply, idempotently, or prints them ({@code --dry-run -o yaml}, Secret values redacted).
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Install the Arca server into the cluster: CRDs, RBAC, Deployment, metrics Service, and optionally "
                + "one of your locations as a BackupLocation. Running it again changes nothing that is already right.")
final class InstallCommand implements Callable<Integer>, ArcaCommand.NeedsEnv {
    Map<String, String> env = Map.of();
    @Spec CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Option(names = {"-n", "--namespace"}, defaultValue = Resources.DEFAULT_NAMESPACE,
            description = "The namespace the server runs in (default: ${DEFAULT-VALUE}).") String namespace;
    @Option(names = "--image", defaultValue = InstallOptions.DEFAULT_IMAGE, description = "The server's image (default: ${DEFAULT-VALUE}).")
    String image;
    @Option(names = "--image-pull-policy", defaultValue = InstallOptions.DEFAULT_PULL_POLICY,
            description = "Always, IfNotPresent or Never (default: ${DEFAULT-VALUE}).") String pullPolicy;
    @Option(names = "--replicas", defaultValue = "1", description = "Server replicas; one acts, the others stand by (default: ${DEFAULT-VALUE}).")
    int replicas;
    @Option(names = "--metrics-port", defaultValue = "8085", description = "Port of /metrics, /healthz and /readyz (default: ${DEFAULT-VALUE}).")
    int metricsPort;
    @Option(names = "--location", description = "One of your locations ('arca location get') to give the server, with its "
            + "passphrase and credential in the Secret arca-location-NAME.") String location;
    @Option(names = "--location-endpoint", description = "The endpoint URL the server uses for --location instead of the "
            + "location's own (a pod cannot reach 127.0.0.1 on this machine).") String locationEndpoint;
    @Option(names = "--dry-run", description = "Print the objects instead of applying them (Secret values redacted).") boolean dryRun;
    @Option(names = {"-o", "--output"}, description = "With --dry-run: yaml (the only format).") String output;
    @Option(names = "--wait", description = "Wait until the server's Deployment has its replicas available.") boolean await;
    @Option(names = "--timeout", defaultValue = "5m", description = "How long to wait for CRDs and --wait (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public void env(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (output != null && (!output.equals("yaml") || !dryRun)) {
            throw new ArcaException.InvalidInput("-o takes only yaml, and only with --dry-run; got -o " + output
                    + (dryRun ? "" : " without --dry-run"));
        }
        if (locationEndpoint != null && location == null) {
            throw new ArcaException.InvalidInput("--location-endpoint needs --location NAME");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InstallOptions options = options(err);
        List<HasMetadata> objects = InstallManifests.objects(options);
        if (dryRun) {
            out.print(InstallYaml.print(objects, true));
            out.flush();
            if (options.location().isPresent()) {
                err.println("note: the data of Secret " + options.location().get().secretName() + " is printed as "
                        + InstallYaml.REDACTED + " (this output often ends in CI logs); 'arca install' without --dry-run "
                        + "puts the real values in the cluster");
            }
            return ExitCode.OK;
        }
        java.time.Duration limit = Durations.parse("--timeout", timeout);
        try (KubernetesClient client = cluster.connect(env, 1)) {
            InstallApplier applier = new InstallApplier(client, limit);
            ClusterAccess.call(client, () -> applier.apply(objects)).forEach(out::println);
            if (await) {
                ClusterAccess.call(client, () -> {
                    applier.awaitServer(options.namespace());
                    return null;
                });
                out.println("deployment/arca-server -n " + options.namespace() + " available");
            }
        }
        return ExitCode.OK;
    }

    private InstallOptions options(PrintWriter err) {
        InstallOptions options = InstallOptions.defaults().withNamespace(namespace).withImage(image, pullPolicy)
                .withReplicas(replicas).withMetricsPort(metricsPort);
        if (location == null) {
            return options;
        }
        var spec = new ArcaHome(env).location(location);
        return options.withLocation(new InstallLocations(new CliPassphrases(env, cluster), err).resolve(spec, locationEndpoint));
    }
}

package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.api.ExistingResourcePolicy;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.blueprint.Blueprints;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arca restore create [NAME] --from-backup B}: restores a backup into the current cluster. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Restore a backup into the current cluster.")
final class RestoreCreateCommand extends Context implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "The restore's name (default: BACKUP-TIMESTAMP).")
    String name;
    @Option(names = "--from-backup", required = true, description = "The backup to restore.")
    String backup;
    @Mixin FilterOptions filters;
    @Mixin TransformOptions transforms;
    @Mixin EnvironmentOption environment;
    @Option(names = "--namespace-mappings", split = ",", description = "source:target pairs, e.g. shop:shop-copy.")
    List<String> mappings;
    @Option(names = "--restore-status", description = "Keep the status of restored items.")
    boolean restoreStatus;
    @Option(names = "--preserve-nodeports", description = "Keep Service nodePorts.")
    boolean preserveNodePorts;
    @Option(names = "--existing-resource-policy", defaultValue = "none", description = "none or update.")
    ExistingResourcePolicy existingPolicy;
    @Option(names = "--parallelism", defaultValue = "16", description = "Items applied at once.")
    int parallelism;
    @Option(names = "--wait", description = "Wait for the restore to finish (the CLI always runs it to completion).")
    boolean wait;
    @Option(names = "--restore-volumes", arity = "1", defaultValue = "true",
            description = "Restore the volume data the backup took (default: ${DEFAULT-VALUE}).")
    boolean restoreVolumes;
    @Option(names = "--volume-root", paramLabel = "DIR", description = "Write volume data only under DIR (repeatable); "
            + "default: anywhere but system directories such as /etc, /root and /usr.")
    List<java.nio.file.Path> volumeRoots;
    @Option(names = "--hooks-file", paramLabel = "FILE", description = "Init containers and post-restore exec hooks of the "
            + "spec form, YAML in Velero's restore hooks: shape (resources: name, includedNamespaces, labelSelector, postHooks "
            + "of init/exec); pods' own init./post.hook.restore.velero.io annotations need no flag (docs/hooks.md).")
    java.nio.file.Path hooksFile;

    @Option(names = "--wait-ready", arity = "0..1", fallbackValue = "5m", paramLabel = "TIMEOUT",
            description = "After applying, wait (default 5m) until restored Deployments, StatefulSets and DaemonSets are "
                    + "available, Jobs complete and claims Bound; what is not by then is an error naming it and its conditions.")
    String waitReady;
    @Option(names = "--dry-run", description = "Print what the restore would do and write nothing: each object as it would "
            + "be applied and, where it exists, how it differs (see -o).")
    boolean dryRun;
    @Option(names = {"-o", "--output"}, defaultValue = "yaml", description = "With --dry-run: yaml (each object, differences "
            + "as comments) or diff (one line per object, then its differing fields); default: ${DEFAULT-VALUE}.")
    RestoreDryRun.Format output;

    @Option(names = "--blueprints", paramLabel = "FILE", description = "Blueprint file (repeatable) whose blueprints replace,"
            + " by name, the restore actions the backup recorded (see docs/blueprints.md).")
    List<java.nio.file.Path> blueprintFiles;

    @Option(names = "--server", description = "Hand the restore to the Arca server in the cluster (a Restore resource) and "
            + "follow it; --storage-location then names a BackupLocation.")
    boolean server;
    @Option(names = {"-n", "--namespace"}, defaultValue = dev.arca.server.resources.Resources.DEFAULT_NAMESPACE,
            description = "With --server: the server's namespace; the namespace of the ConfigMaps the transform flags name "
                    + "(default: ${DEFAULT-VALUE}).")
    String serverNamespace;

    @Override
    public Integer call() {
        Environment e = environment.load(home());
        if (e != null) { // before anything else reads the cluster, mapping or transform flags
            EnvironmentOption.fillCluster(e, cluster);
            mappings = EnvironmentOption.mappings(e, mappings);
            transforms.fillFrom(e);
        }
        if (server) {
            if (dryRun || waitReady != null) {
                throw new ArcaException.InvalidInput("the server's Restore resource has no " + (dryRun ? "--dry-run" : "--wait-ready")
                        + "; run it without --server");
            }
            return submit();
        }
        EngineOptions engine = EngineOptions.defaults().withParallelism(parallelism) // refuses bad values before anything is read
                .withVolumeRestoreRoots(volumeRoots == null ? List.of() : volumeRoots);
        dev.arca.api.RestoreHooks hooks = hooksFile == null ? null : HooksFile.restore(hooksFile); // refused before connecting
        java.time.Duration ready = waitReady == null ? null : dev.arca.api.Durations.parse("--wait-ready", waitReady);
        Blueprints blueprints = Blueprints.none();
        for (java.nio.file.Path file : blueprintFiles == null ? List.<java.nio.file.Path>of() : blueprintFiles) {
            blueprints = blueprints.with(Blueprints.read(file)); // bad files: before anything is applied
        }
        PrintWriter out = spec.commandLine().getOut();
        RestoreRecord record;
        try (ObjectStore store = openStore();
             KubernetesClient client = cluster.connect(env, parallelism);
             ProgressReporter progress = new ProgressReporter(spec.commandLine().getErr(), System.console() != null, "items")) {
            RestoreSpec restore = new RestoreSpec(backup, filters.includeNamespaces, filters.excludeNamespaces, filters.includeResources,
                    filters.excludeResources, filters.includeClusterResources, filters.selector, mappings(), restoreStatus,
                    preserveNodePorts, existingPolicy, locationSpec().name(), restoreVolumes ? null : Boolean.FALSE,
                    transforms.resolve(client, serverNamespace), hooks, ready);
            ObjectStore records = recordsFor(store);
            String restoreName = name != null ? name
                    : defaultName(backup, java.time.Instant.now(), n -> records.exists(LocationLayout.restoreKey(n)));
            RestoreRunner runner = new RestoreRunner(client, store, records, engine, blueprints, plugins());
            if (dryRun) {
                return RestoreDryRun.run(out, runner, restoreName, restore, client, output);
            }
            record = runner.run(restoreName, restore, progress);
        }
        Describer.restore(out, record, false);
        return record.phase() == Phase.Completed ? ExitCode.OK : ExitCode.PARTIALLY_FAILED;
    }

    /**
     * BACKUP-TIMESTAMP as Velero names restores; a second restore of the same backup within the same second
     * gets -2, -3, ... rather than failing because the name is taken.
     */
    static String defaultName(String backup, java.time.Instant now, java.util.function.Predicate<String> taken) {
        String base = backup + "-" + STAMP.format(now);
        String candidate = base;
        for (int i = 2; taken.test(candidate); i++) {
            candidate = base + "-" + i;
        }
        return candidate;
    }

    private Map<String, String> mappings() {
        return mappings(mappings);
    }

    /** {@code --namespace-mappings} pairs ({@code source:target}) as a map; empty for none. */
    static Map<String, String> mappings(List<String> pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            String[] p = pair.split(":", -1);
            if (p.length != 2 || p[0].isBlank() || p[1].isBlank()) {
                throw new ArcaException.InvalidInput("namespace mapping \"" + pair + "\" is not source:target");
            }
            m.put(p[0].strip(), p[1].strip());
        }
        return m;
    }

    private int submit() {
        if (blueprintFiles != null) {
            throw new ArcaException.InvalidInput("--blueprints is read by a local run only; the server runs the restore actions"
                    + " the backup recorded (see docs/blueprints.md)");
        }
        dev.arca.server.resources.RestoreResourceSpec resource = filters.copyTo(new dev.arca.server.resources.RestoreResourceSpec());
        resource.setBackupName(backup);
        resource.setNamespaceMapping(mappings().isEmpty() ? null : mappings());
        resource.setRestoreStatus(restoreStatus ? Boolean.TRUE : null);
        resource.setPreserveNodePorts(preserveNodePorts ? Boolean.TRUE : null);
        resource.setExistingResourcePolicy(existingPolicy);
        resource.setStorageLocation(location);
        resource.setRestoreVolumes(restoreVolumes ? null : Boolean.FALSE);
        resource.setVolumeRoots(volumeRoots == null ? null : volumeRoots.stream().map(java.nio.file.Path::toString).toList());
        transforms.copyTo(resource);
        resource.setHooks(hooksFile == null ? null : HooksFile.restore(hooksFile));
        String restoreName = name != null ? name : backup + "-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
        try (KubernetesClient client = cluster.connect(env, 4)) {
            return ServerSubmit.restore(client, serverNamespace, restoreName, resource, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }
}

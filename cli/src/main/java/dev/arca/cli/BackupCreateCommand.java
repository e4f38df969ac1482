package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.archive.BackupManifest;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.blueprint.Blueprints;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStores;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arca backup create NAME}: runs a backup of the current cluster into a location. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Back up cluster resources into a location.")
final class BackupCreateCommand extends Context implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The backup's name.")
    String name;

    @Mixin FilterOptions filters;
    @Option(names = "--or-selector", description = "Items matching any of these selectors, joined by ' or '.")
    String orSelector;
    @Option(names = "--ttl", defaultValue = "720h", description = "How long to keep the backup (default: ${DEFAULT-VALUE}).")
    String ttl;
    @Option(names = "--parallelism", defaultValue = "8", description = "Resource types listed at once.")
    int parallelism;
    @Option(names = "--page-size", defaultValue = "500", paramLabel = "N",
            description = "Items in the first LIST request of each type, and the fewest in any later one (default:"
                    + " ${DEFAULT-VALUE}). Later requests ask for about 8 MiB of items, up to 10000, judged by the page before:"
                    + " the API server holds a whole page in memory, Arca streams it.")
    int pageSize;
    @Option(names = "--wait", description = "Wait for the backup to finish (the CLI always runs it to completion).")
    boolean wait;
    @Option(names = "--default-volumes-to-fs-backup", description = "Back up the data of every PVC-backed pod volume, "
            + "except those a pod's backup.arca.dev/volumes-excludes annotation names (default: only those its "
            + "backup.arca.dev/volumes annotation names).")
    boolean defaultVolumesToFsBackup;
    @Option(names = "--resource-policies-file", paramLabel = "FILE", description = "Volume policy in Velero's format "
            + "(volumePolicies: conditions storageClass/capacity, action skip or fs-backup).")
    java.nio.file.Path policyFile;
    @Option(names = "--hooks-file", paramLabel = "FILE", description = "Exec hooks of the spec form, YAML in Velero's "
            + "hooks: shape (resources: name, includedNamespaces, labelSelector, pre/post exec); pods' own "
            + "pre./post.hook.backup.velero.io annotations need no flag (docs/hooks.md).")
    java.nio.file.Path hooksFile;
    @Option(names = "--blueprints", paramLabel = "FILE", description = "Blueprint file (repeatable): adds or replaces blueprints"
            + " by name beside the built-in postgresql one; pods choose one with the annotation blueprint.arca.dev/name"
            + " (see docs/blueprints.md).")
    List<java.nio.file.Path> blueprintFiles;
    @Option(names = "--pod-volumes-root", paramLabel = "DIR", defaultValue = "/var/lib/kubelet/pods",
            description = "Where the kubelet mounts pod volumes on this machine (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path podVolumesRoot;

    @Option(names = "--server", description = "Hand the backup to the Arca server in the cluster (a Backup resource) and "
            + "follow it, instead of running it here; --storage-location then names a BackupLocation.")
    boolean server;
    @Option(names = "--from-schedule", paramLabel = "SCHEDULE", description = "Run this Schedule's template now, in the server "
            + "(implies --server; the filters come from the template).")
    String fromSchedule;
    @Option(names = {"-n", "--namespace"}, defaultValue = dev.arca.server.resources.Resources.DEFAULT_NAMESPACE,
            description = "With --server or --from-schedule: the server's namespace (default: ${DEFAULT-VALUE}).")
    String serverNamespace;
    @Option(names = "--no-follow", description = "With --server: return once the server has the backup.")
    boolean noFollow;

    @Override
    public Integer call() {
        if (server || fromSchedule != null) {
            return submit();
        }
        EngineOptions engine = EngineOptions.defaults().withParallelism(parallelism).withPageSize(pageSize)
                .withPodVolumesRoot(podVolumesRoot); // refuses bad values before anything is read
        if (locationSpec().accessMode() == BackupLocationSpec.AccessMode.ReadOnly) {
            throw new ArcaException.InvalidInput("location \"" + locationSpec().name() + "\" is ReadOnly (restore-only); "
                    + "back up to another location with --storage-location");
        }
        Blueprints blueprints = Blueprints.builtInAnd(blueprintFiles == null ? List.of() : blueprintFiles); // bad files: before anything runs
        dev.arca.engine.Plugins plugins = plugins(); // a plugin jar that does not load: before anything runs
        List<String> or = orSelectors(orSelector);
        BackupSpec backup = new BackupSpec(filters.includeNamespaces, filters.excludeNamespaces, filters.includeResources,
                filters.excludeResources, filters.includeClusterResources, filters.selector, or, locationSpec().name(), Durations.parse("--ttl", ttl),
                defaultVolumesToFsBackup ? Boolean.TRUE : null, policyFile == null ? null : VolumePolicyFile.read(policyFile))
                .withHooks(hooksFile == null ? null : HooksFile.backup(hooksFile));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        warnIfUnencrypted(err, locationSpec());
        BackupManifest manifest;
        try (ObjectStore store = openStore();
             KubernetesClient client = cluster.connect(env, parallelism);
             ProgressReporter progress = new ProgressReporter(err, System.console() != null, "items")) {
            manifest = new BackupRunner(client, store, engine, blueprints, plugins).run(name, backup, progress);
        }
        out.printf("backup \"%s\" %s: %d items, %d warnings, %d errors%n", name, manifest.phase(), manifest.itemCount(),
                manifest.outcome().warnings().size(), manifest.outcome().errors().size());
        if (manifest.phase() != Phase.Completed) {
            out.printf("run 'arca backup describe %s --details' and 'arca backup logs %s' for the problems%n", name, name);
        }
        return manifest.phase() == Phase.Completed ? ExitCode.OK : ExitCode.PARTIALLY_FAILED;
    }

    /** {@code --or-selector "a=1 or b=2"} as its selectors; null when the flag is not given. */
    static List<String> orSelectors(String text) {
        return text == null ? null : Arrays.stream(text.split("\\s+or\\s+")).toList();
    }

    private int submit() {
        if (blueprintFiles != null) {
            throw new ArcaException.InvalidInput("--blueprints is read by a local run only; the server knows the built-in"
                    + " blueprints only (see docs/blueprints.md)");
        }
        if (policyFile != null) {
            throw new ArcaException.InvalidInput("--resource-policies-file is read by a local run only; for the server, put"
                    + " the rules in the Backup's spec.volumePolicy (see docs/resources-api.md)");
        }
        try (KubernetesClient client = cluster.connect(env, 4)) {
            dev.arca.server.resources.BackupResourceSpec resource;
            if (fromSchedule != null) {
                resource = ServerSubmit.fromSchedule(client, serverNamespace, fromSchedule);
            } else {
                resource = filters.copyTo(new dev.arca.server.resources.BackupResourceSpec());
                resource.setOrLabelSelectors(orSelectors(orSelector));
                resource.setStorageLocation(location);
                resource.setTtl(ttl);
                resource.setDefaultVolumesToFsBackup(defaultVolumesToFsBackup ? Boolean.TRUE : null);
                resource.setHooks(hooksFile == null ? null : HooksFile.backup(hooksFile));
            }
            Durations.parse("--ttl", resource.getTtl() == null ? "720h" : resource.getTtl());
            return ServerSubmit.backup(client, serverNamespace, name, resource, !noFollow, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    /** One line before a backup goes where it is not encrypted (the embedded default included): it would hold every Secret readable. */
    static void warnIfUnencrypted(PrintWriter err, BackupLocationSpec location) {
        if (ObjectStores.encrypted(location)) {
            return;
        }
        String dir = location.get("dir");
        err.println("warning: location \"" + location.name() + "\"" + (dir == null ? "" : " (" + dir + ")") + " is not encrypted, so this "
                + "backup holds the cluster's Secrets in plaintext; add an encrypted location with 'arca location add NAME --dir DIR "
                + "--passphrase-file FILE --default'");
        err.flush();
    }
}

package dev.arca.cli;

import dev.arca.api.ExistingResourcePolicy;
import dev.arca.api.Phase;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.mobility.Cloner;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arca clone --namespace shop --to shop-qa}: a backup of the namespace and a restore of it under
 * the new name, in one run; see docs/mobility.md for what happens to the backup.
 */
@Command(name = "clone", mixinStandardHelpOptions = true, description = {
        "Copy a namespace into a new one, in this cluster or another: a backup and a mapped restore in one run.",
        "The backup is deleted once the copy is Completed (unless --keep-backup); when anything fails it is kept and named."})
final class CloneCommand extends Context implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    @Spec CommandSpec spec;

    @Option(names = "--namespace", required = true, description = "The namespace to copy.")
    String namespace;
    @Option(names = "--to", description = "The copy's namespace (default with --env: where its namespace mapping puts --namespace).")
    String to;
    @Option(names = "--to-context", description = "The target cluster's kubeconfig context (default: the source cluster).")
    String toContext;
    @Option(names = "--to-kubeconfig", paramLabel = "FILE", description = "The target's kubeconfig (default: the source's).")
    Path toKubeconfig;
    @Option(names = "--with-data", description = "Copy the data of the pods' volumes into new volumes (never the source's).")
    boolean withData;
    @Option(names = "--keep-backup", description = "Keep the clone's backup after a Completed copy.")
    boolean keepBackup;
    @Option(names = "--existing-resource-policy", defaultValue = "none",
            description = "none: refuse a target namespace that holds objects; update: overwrite objects of the same name.")
    ExistingResourcePolicy existingPolicy;
    @Option(names = "--parallelism", defaultValue = "8", description = "Requests at once.")
    int parallelism;
    @Option(names = "--pod-volumes-root", paramLabel = "DIR", defaultValue = "/var/lib/kubelet/pods",
            description = "Where the kubelet mounts pod volumes on this machine (default: ${DEFAULT-VALUE}).")
    Path podVolumesRoot;
    @Option(names = "--volume-root", paramLabel = "DIR", description = "Write volume data only under DIR (repeatable).")
    List<Path> volumeRoots;
    @picocli.CommandLine.Mixin EnvironmentOption environment;

    @Override
    public Integer call() {
        TransformOptions transforms = new TransformOptions(); // clone takes transforms only from an environment
        fillFromEnvironment(transforms);
        EngineOptions engine = EngineOptions.defaults().withParallelism(parallelism).withPodVolumesRoot(podVolumesRoot)
                .withVolumeRestoreRoots(volumeRoots == null ? List.of() : volumeRoots);
        String name = "clone-" + namespace + "-" + STAMP.format(Instant.now());
        PrintWriter out = spec.commandLine().getOut();
        BackupCreateCommand.warnIfUnencrypted(spec.commandLine().getErr(), locationSpec());
        Cloner.Result result;
        try (ObjectStore store = openStore();
             KubernetesClient source = cluster.connect(env, parallelism);
             KubernetesClient target = toContext == null && toKubeconfig == null ? null
                     : target(cluster, env, toKubeconfig, toContext, parallelism);
             ProgressReporter progress = new ProgressReporter(spec.commandLine().getErr(), System.console() != null, "items")) {
            Cloner.Request request = new Cloner.Request(namespace, to, withData, keepBackup, existingPolicy, name, locationSpec().name(),
                    transforms.resolve(target == null ? source : target, dev.arca.server.resources.Resources.DEFAULT_NAMESPACE));
            result = new Cloner(source, target == null ? source : target, store, recordsFor(store), engine, immutableFor())
                    .run(request, progress);
        }
        if (result.restore() != null) {
            Describer.restore(out, result.restore(), false);
        }
        out.printf("clone of %s into %s %s; backup \"%s\" %s%n", namespace, to, result.phase(), name,
                result.backupKept() ? "kept in location \"" + locationSpec().name() + "\": " + result.note() : "deleted");
        return result.phase() == Phase.Completed ? ExitCode.OK : ExitCode.PARTIALLY_FAILED;
    }

    /** What --env NAME fills: the target cluster, --to from its mapping of --namespace, its mappers and modifiers. */
    private void fillFromEnvironment(TransformOptions transforms) {
        Environment e = environment.load(home());
        if (e != null) { // --to, --to-context and --to-kubeconfig given here win
            if (toContext == null && toKubeconfig == null) {
                toContext = e.context();
                toKubeconfig = e.kubeconfig() == null ? null : Path.of(e.kubeconfig());
            }
            to = to != null ? to : e.namespaceMappings().get(namespace);
            transforms.fillFrom(e);
        }
        if (to == null) {
            throw new dev.arca.api.ArcaException.InvalidInput("clone needs the copy's namespace: --to NAME"
                    + (e == null ? "" : " (environment \"" + e.name() + "\" maps no namespace \"" + namespace + "\")"));
        }
    }

    /** The target cluster: {@code kubeconfig} (default: the source's file) at {@code context} (default: its current one). */
    static KubernetesClient target(ClusterOptions source, Map<String, String> env, Path kubeconfig, String context, int parallelism) {
        ClusterOptions target = new ClusterOptions();
        target.kubeconfig = kubeconfig != null ? kubeconfig : source.kubeconfig;
        target.context = context;
        return target.connect(env, parallelism);
    }
}

package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupSpec;
import dev.arca.api.ExistingResourcePolicy;
import dev.arca.api.Phase;
import dev.arca.api.RestoreTransforms;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.mobility.Mappers;
import dev.arca.engine.mobility.Migrator;
import dev.arca.engine.mobility.MoveSpecs;
import dev.arca.engine.mobility.Preflight;
import dev.arca.engine.mobility.PreflightReport;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
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

/**
 * {@code arca migrate --from-context A --to-context B}: a pre-flight report read from both clusters, then a
 * backup of A into the location, a restore into B and a verification of B against the backup. Exit codes:
 * 0 migrated and verified (or, with --preflight-only, nothing blocking), 3 the backup, restore or
 * verification found problems, 5 ({@link ExitCode#PREFLIGHT_BLOCKED}) the pre-flight blocked and nothing was written.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = {
        "Move resources from one cluster to another: pre-flight report, backup, restore, verification.",
        "Exit codes: 0 done and verified (--preflight-only: nothing blocking), 2 invalid input, 3 partly failed or the"
                + " verification differs, 5 the pre-flight found objects the target cannot take (nothing written)."})
final class MigrateCommand extends Context implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "The name of the migration's backup and restore (default: migrate-TIMESTAMP).")
    String name;
    @Option(names = "--from-context", description = "The source cluster's kubeconfig context (as --context).")
    String fromContext;
    @Option(names = "--to-context", description = "The target cluster's kubeconfig context.")
    String toContext;
    @Option(names = "--to-kubeconfig", paramLabel = "FILE", description = "The target's kubeconfig (default: the source's).")
    Path toKubeconfig;
    @Mixin FilterOptions filters;
    @Option(names = "--namespace-mappings", split = ",", description = "source:target pairs, e.g. shop:shop-eu.")
    List<String> mappings;
    @Option(names = "--existing-resource-policy", defaultValue = "none", description = "none or update.")
    ExistingResourcePolicy existingPolicy;
    @Option(names = "--default-volumes-to-fs-backup", description = "Move the data of every PVC-backed pod volume.")
    boolean defaultVolumesToFsBackup;
    @Option(names = "--preflight-only", description = "Print the pre-flight report and stop; nothing is written anywhere.")
    boolean preflightOnly;
    @Option(names = "--force", description = "Migrate even when the pre-flight finds objects the target cannot take.")
    boolean force;
    @Option(names = "--parallelism", defaultValue = "8", description = "Requests at once.")
    int parallelism;
    @Mixin OutputOptions output;
    @Mixin TransformOptions transforms;
    @Mixin EnvironmentOption environment;
    @Option(names = {"-n", "--namespace"}, defaultValue = dev.arca.server.resources.Resources.DEFAULT_NAMESPACE,
            description = "The namespace, in the target cluster, of the ConfigMaps the transform flags name (default: ${DEFAULT-VALUE}).")
    String configNamespace;

    @Override
    public Integer call() {
        Environment e = environment.load(home());
        if (e != null) { // the environment is the target; flags given here win, part by part
            if (toContext == null && toKubeconfig == null) {
                toContext = e.context();
                toKubeconfig = e.kubeconfig() == null ? null : Path.of(e.kubeconfig());
            }
            mappings = EnvironmentOption.mappings(e, mappings);
            transforms.fillFrom(e);
        }
        if (toContext == null && toKubeconfig == null) {
            throw new ArcaException.InvalidInput("migrate needs a target: --to-context C (and --to-kubeconfig F when it is in another file), or --env NAME");
        }
        if (fromContext != null) {
            cluster.context = fromContext;
        }
        Map<String, String> mapping = RestoreCreateCommand.mappings(mappings);
        String backupName = name != null ? name : "migrate-" + STAMP.format(Instant.now());
        BackupSpec scope = new BackupSpec(filters.includeNamespaces, filters.excludeNamespaces, filters.includeResources,
                filters.excludeResources, filters.includeClusterResources, filters.selector, null, locationSpec().name(), MoveSpecs.TTL,
                defaultVolumesToFsBackup ? Boolean.TRUE : null, null);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KubernetesClient source = cluster.connect(env, parallelism);
             KubernetesClient target = CloneCommand.target(cluster, env, toKubeconfig, toContext, parallelism)) {
            RestoreTransforms t = transforms.resolve(target, configNamespace); // a bad rule stops it before the report
            PreflightReport report = new Preflight(source, target, Mappers.of(t))
                    .run(scope, mapping, p -> err.println("warning: " + p.message()));
            if (preflightOnly || !output.structured()) {
                printReport(out, report);
            }
            if (preflightOnly) {
                return report.blocked() ? ExitCode.PREFLIGHT_BLOCKED : ExitCode.OK;
            }
            if (report.blocked() && !force) {
                err.println("error: migration stopped before its backup: the target cannot take objects of " + blockingTypes(report)
                        + "; see the report above, or pass --force to migrate the rest anyway");
                return ExitCode.PREFLIGHT_BLOCKED;
            }
            return migrate(source, target, backupName, scope, mapping, t, report, out);
        }
    }

    private int migrate(KubernetesClient source, KubernetesClient target, String backupName, BackupSpec scope,
                        Map<String, String> mapping, RestoreTransforms t, PreflightReport report, PrintWriter out) {
        EngineOptions engine = EngineOptions.defaults().withParallelism(parallelism);
        BackupCreateCommand.warnIfUnencrypted(spec.commandLine().getErr(), locationSpec());
        Migrator.Result result;
        try (ObjectStore store = openStore();
             ProgressReporter progress = new ProgressReporter(spec.commandLine().getErr(), System.console() != null, "items")) {
            result = new Migrator(source, target, store, recordsFor(store), engine).migrate(backupName, scope,
                    MoveSpecs.migrateRestore(backupName, scope, mapping, existingPolicy, locationSpec().name(), t), progress);
        }
        if (output.structured()) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("preflight", report);
            all.put("backup", backupName);
            all.put("phase", result.phase());
            all.put("restore", result.restore());
            all.put("verification", result.verification());
            output.print(out, all);
        } else {
            out.printf("backup \"%s\" %s: %d items%n", backupName, result.backup().phase(), result.backup().itemCount());
            if (result.restore() != null) {
                out.printf("restore \"%s\" %s: %s%n", backupName, result.restore().phase(), result.restore().counts());
                PreflightText.print(out, result.verification());
            }
            out.printf("migration %s; its backup \"%s\" stays in location \"%s\"%n", result.phase(), backupName, locationSpec().name());
        }
        return result.phase() == Phase.Completed ? ExitCode.OK : ExitCode.PARTIALLY_FAILED;
    }

    private void printReport(PrintWriter out, PreflightReport report) {
        if (output.structured()) {
            output.print(out, report);
        } else {
            PreflightText.print(out, report);
        }
    }

    private static String blockingTypes(PreflightReport report) {
        return String.join(", ", report.missingTypes().stream().filter(PreflightReport.MissingType::blocking)
                .map(PreflightReport.MissingType::resource).toList());
    }
}

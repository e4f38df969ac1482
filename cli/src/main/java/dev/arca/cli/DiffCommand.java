package dev.arca.cli;

import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.engine.compare.BackupComparer;
import dev.arca.engine.compare.DiffReport;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arca diff BACKUP [BACKUP2]}: a backup against the live cluster, or two backups, object by
 * object and field by field, as a restore sees them (status and server-set fields ignored). Exits
 * 0 when equal, {@link ExitCode#DIFFERENT} when anything differs, 3 when some objects could not be
 * compared.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare a backup with the live cluster, or two backups: added, removed and changed objects "
                + "with their field-level differences (status and fields the server sets are ignored, as a restore does).",
                "Exit codes: 0 equal, 4 different, 3 some objects could not be compared, 1 failed, 2 invalid input."})
final class DiffCommand extends Context implements Callable<Integer> {
    enum Format { text, json, yaml }

    @Spec CommandSpec spec;
    @Parameters(index = "0", description = "The backup (the before side).")
    String backup;
    @Parameters(index = "1", arity = "0..1", description = "A second backup (the after side); default: the live cluster.")
    String other;
    @Mixin FilterOptions filters;
    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}.")
    Format format;

    @Override
    public Integer call() {
        RestoreSpec scope = new RestoreSpec(backup, filters.includeNamespaces, filters.excludeNamespaces, filters.includeResources,
                filters.excludeResources, filters.includeClusterResources, filters.selector, null, false, false, null,
                locationSpec().name());
        DiffReport report;
        try (ObjectStore store = openStore(); ArchiveReader before = ArchiveReader.open(store, backup)) {
            if (other != null) {
                try (ArchiveReader after = ArchiveReader.open(store, other)) {
                    report = BackupComparer.backups(before, after, scope);
                }
            } else {
                try (KubernetesClient client = cluster.connect(env, 4)) {
                    report = BackupComparer.live(before, client, scope);
                }
            }
        }
        print(report);
        if (!report.problems().isEmpty()) {
            return ExitCode.PARTIALLY_FAILED;
        }
        return report.changes().isEmpty() ? ExitCode.OK : ExitCode.DIFFERENT;
    }

    private void print(DiffReport report) {
        var out = spec.commandLine().getOut();
        if (format == Format.text) {
            DiffText.print(out, report);
        } else {
            OutputOptions options = new OutputOptions();
            options.format = format == Format.json ? OutputOptions.Format.json : OutputOptions.Format.yaml;
            options.print(out, report);
        }
    }
}

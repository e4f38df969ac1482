package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.retention.BackupPruner;
import dev.arca.engine.retention.PruneResult;
import dev.arca.storage.ObjectStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arca backup prune [--dry-run]}: deletes the backups of a location whose TTL has passed. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete every backup whose TTL has passed; backups a restore is reading are kept. Also remove the "
                + "unfinished writes (temporary files, incomplete uploads) of backups killed longer than --safety-delay ago.")
final class BackupPruneCommand extends Context implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OutputOptions output;
    @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
    boolean dryRun;
    @Option(names = "--safety-delay", defaultValue = "24h",
            description = "Also remove what backups killed mid-write left (temporary files, incomplete uploads) once older "
                    + "than this; longer than the longest backup (default: ${DEFAULT-VALUE}).")
    String safetyDelay;

    @Override
    public Integer call() {
        BackupLocationSpec location = locationSpec();
        if (!dryRun && location.accessMode() == BackupLocationSpec.AccessMode.ReadOnly) {
            throw new ArcaException.InvalidInput("location \"" + location.name() + "\" is ReadOnly (restore-only):"
                    + " nothing can be deleted from it; use --dry-run to see what has expired");
        }
        Duration delay = Durations.parse("--safety-delay", safetyDelay);
        PruneResult result;
        int abandoned = 0;
        String cleanupFailure = null;
        try (ObjectStore store = openStore()) {
            result = new BackupPruner(store, Clock.systemUTC(), immutableFor()).prune(dryRun);
            if (!dryRun) {
                try {
                    abandoned = store.deleteAbandonedWrites(LocationLayout.BACKUPS, Instant.now().minus(delay));
                } catch (ArcaException e) {
                    cleanupFailure = e.getMessage();
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, result);
        } else {
            print(out, result, location.name());
            if (abandoned > 0) {
                out.printf("removed %d unfinished write%s of killed backups (older than %s)%n", abandoned,
                        abandoned == 1 ? "" : "s", safetyDelay);
            }
        }
        if (cleanupFailure != null) {
            spec.commandLine().getErr().println("warning: the unfinished writes of killed backups were not all removed: "
                    + cleanupFailure + "; the next prune tries again");
        }
        return result.hasFailures() || cleanupFailure != null ? ExitCode.PARTIALLY_FAILED : ExitCode.OK;
    }

    private static void print(PrintWriter out, PruneResult result, String location) {
        int total = result.deleted().size() + result.kept().size();
        if (total == 0) {
            out.println("no backups in location \"" + location + "\"; nothing to prune");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        String done = result.dryRun() ? "would delete" : "deleted";
        result.deleted().forEach(d -> rows.add(new String[] {d.backup(), done, "expired at " + d.expires()}));
        result.kept().forEach(k -> rows.add(new String[] {k.backup(), "kept", k.reason()}));
        rows.sort(Comparator.comparing(row -> row[0]));
        OutputOptions.table(out, new String[] {"NAME", "RESULT", "REASON"}, rows);
        if (result.dryRun()) {
            out.printf("dry run: %d of %d backups in location \"%s\" would be deleted; nothing was deleted%n",
                    result.deleted().size(), total, location);
        } else {
            out.printf("pruned %d of %d backups in location \"%s\"; %d kept%n",
                    result.deleted().size(), total, location, result.kept().size());
        }
    }
}

package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.ArcaException;
import dev.arca.archive.LocationLayout;
import dev.arca.repository.Repository;
import dev.arca.repository.SnapshotSummary;
import dev.arca.repository.maintenance.MaintenanceReport;
import dev.arca.repository.maintenance.VerifyReport;
import dev.arca.storage.ObjectStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arca repo snapshots|verify|maintain}: the volume-data repository of a location. */
@Command(name = "repo", mixinStandardHelpOptions = true, description = "Look after the volume-data repository of a location.",
        subcommands = {RepoCommand.Snapshots.class, RepoCommand.Verify.class, RepoCommand.Maintain.class, RepoCommand.Unlock.class})
final class RepoCommand {

    /** Opens the location's repository, refusing to create one where there is none. */
    static Repository open(Context context, ObjectStore store) {
        if (!Repository.exists(store)) {
            throw new ArcaException.NotFound("location \"" + context.locationSpec().name() + "\" (" + store.describe()
                    + ") has no volume repository yet; one is made by the first backup that takes volume data");
        }
        return Repository.open(store);
    }

    @Command(name = "snapshots", mixinStandardHelpOptions = true, description = "List the volume snapshots, oldest first.")
    static final class Snapshots extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;

        @Override
        public Integer call() {
            List<SnapshotSummary> all;
            try (ObjectStore store = openStore(); Repository repo = open(this, store)) {
                all = repo.snapshots();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.structured()) {
                output.print(out, all);
                return ExitCode.OK;
            }
            OutputOptions.table(out, new String[] {"ID", "VOLUME", "BACKUP", "TIME", "FILES", "SIZE", "STORED"},
                    all.stream().map(s -> new String[] {s.id(), s.volume(), s.backup(), String.valueOf(s.time()), String.valueOf(s.files()),
                            Bytes.human(s.bytes()), Bytes.human(s.bytesStored())}).toList());
            return ExitCode.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check that every snapshot's chunks are indexed and every index entry is inside its pack; "
                    + "with --read-data, also read, decrypt and re-hash a sample of the chunks.")
    static final class Verify extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;
        @Option(names = "--read-data", paramLabel = "PERCENT", defaultValue = "0%",
                description = "Share of the chunks to read back, e.g. 10% (default: ${DEFAULT-VALUE}: structure only).")
        String readData;

        @Override
        public Integer call() {
            double fraction = percent(readData);
            VerifyReport report;
            try (ObjectStore store = openStore(); Repository repo = open(this, store)) {
                report = repo.verify(fraction);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.structured()) {
                output.print(out, report);
            } else {
                out.printf("%d index files, %d packs, %d chunks; %d chunks read back%n", report.indexFiles(), report.packs(),
                        report.chunks(), report.chunksRead());
                report.problems().forEach(p -> out.println("  " + p.kind() + ": " + p.message()));
                out.println(report.ok() ? "repository verified: no data is missing or altered" : "repository DAMAGED: see the problems above");
            }
            return report.ok() ? ExitCode.OK : ExitCode.FAILED;
        }

        static double percent(String text) {
            String t = text.strip();
            try {
                double v = Double.parseDouble(t.endsWith("%") ? t.substring(0, t.length() - 1) : t);
                if (v < 0 || v > 100) {
                    throw new NumberFormatException();
                }
                return v / 100;
            } catch (NumberFormatException e) {
                throw new ArcaException.InvalidInput("--read-data \"" + text + "\" is not a percentage between 0% and 100%");
            }
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Remove every lock on the repository, for a backup or maintenance on another machine that died. "
                    + "Without this, a lock whose holder stopped renewing it (every minute) is ignored after 10 minutes (24 hours for a lock of an older Arca, which never renews it).")
    static final class Unlock extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            int removed;
            try (ObjectStore store = openStore()) {
                removed = Repository.unlock(store);
            }
            spec.commandLine().getOut().println(removed + " lock" + (removed == 1 ? "" : "s") + " removed");
            return ExitCode.OK;
        }
    }

    @Command(name = "maintain", mixinStandardHelpOptions = true,
            description = "Forget snapshots of backups that do not exist (a backup killed before its manifest), drop data no "
                    + "snapshot refers to and unfinished writes of killed processes (all once older than the safety delay), "
                    + "rewrite mostly-empty packs, merge indexes. "
                    + "Refused while backups or restores use the repository (they hold its lock).")
    static final class Maintain extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;
        @Option(names = "--safety-delay", defaultValue = "24h",
                description = "Keep unreferenced data younger than this (default: ${DEFAULT-VALUE}).")
        String safetyDelay;

        @Override
        public Integer call() {
            java.time.Duration delay = Durations.parse("--safety-delay", safetyDelay);
            MaintenanceReport report;
            try (ObjectStore store = openStore(); Repository repo = open(this, store)) {
                // a snapshot whose backup has no manifest and no live writer was left by a killed backup:
                // forgotten once older than the delay
                java.time.Instant now = java.time.Instant.now();
                report = repo.maintain(delay, backup -> store.exists(LocationLayout.manifestKey(backup))
                        || isWriting(dev.arca.archive.BackupLease.writer(store, backup), now));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.structured()) {
                output.print(out, report);
            } else {
                if (report.orphanSnapshotsForgotten() > 0) {
                    out.printf("%d snapshots of backups that do not exist forgotten%n", report.orphanSnapshotsForgotten());
                }
                if (report.abandonedWritesDeleted() > 0) {
                    out.printf("%d unfinished writes of killed processes removed%n", report.abandonedWritesDeleted());
                }
                out.printf("packs: %d (%s) -> %d (%s); %d chunks dropped, %d packs rewritten, %d deleted (%d orphans); "
                                + "%d indexes merged into %d%n", report.packsBefore(), Bytes.human(report.packBytesBefore()), report.packsAfter(),
                        Bytes.human(report.packBytesAfter()), report.chunksDropped(), report.packsRewritten(), report.packsDeleted(),
                        report.orphanPacksDeleted(), report.indexesMerged(), report.indexesWritten());
            }
            return ExitCode.OK;
        }
    }

    /** True while a run holds its claim on the backup's name: its snapshots are not orphans yet. */
    private static boolean isWriting(dev.arca.archive.Lease writer, java.time.Instant now) {
        return writer != null && writer.holdsAt(now);
    }
}

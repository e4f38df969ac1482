package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.ArcaException;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.BackupManifest;
import dev.arca.engine.volume.VolumeBackup;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.retention.BackupDeleter;
import dev.arca.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arca backup create|get|describe|logs|download|delete|prune|verify}. */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Create and inspect backups.",
        subcommands = {BackupCreateCommand.class, BackupCommand.Get.class, BackupCommand.Describe.class,
                BackupCommand.Logs.class, BackupCommand.Download.class, BackupCommand.Delete.class,
                BackupPruneCommand.class, BackupVerifyCommand.class, BackupCancelCommand.class})
final class BackupCommand {

    @Command(name = "get", mixinStandardHelpOptions = true, description = "List backups in a location, or show the named ones.")
    static final class Get extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;
        @Parameters(arity = "0..*", description = "Backup names (default: all).") List<String> names;

        @Override
        public Integer call() {
            List<BackupManifest> manifests = new ArrayList<>();
            try (ObjectStore store = openStore()) {
                List<String> wanted = names == null || names.isEmpty() ? LocationLayout.backupNames(store) : names;
                for (String n : wanted) {
                    try (ArchiveReader r = ArchiveReader.open(store, n)) {
                        manifests.add(r.manifest());
                    }
                }
            }
            if (output.structured()) {
                output.print(spec.commandLine().getOut(), manifests);
                return ExitCode.OK;
            }
            Instant now = Instant.now();
            List<String[]> rows = manifests.stream().map(m -> new String[] {
                    m.name(), String.valueOf(m.phase()), String.valueOf(m.outcome().errors().size()),
                    String.valueOf(m.outcome().warnings().size()), String.valueOf(m.itemCount()),
                    Times.at(m.started()), m.expires() == null ? "" : Durations.human(java.time.Duration.between(now, m.expires())),
                    m.spec().storageLocation() == null ? "" : m.spec().storageLocation()}).toList();
            OutputOptions.table(spec.commandLine().getOut(),
                    new String[] {"NAME", "STATUS", "ERRORS", "WARNINGS", "ITEMS", "CREATED", "EXPIRES", "STORAGE LOCATION"}, rows);
            return ExitCode.OK;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a backup: its spec, outcome and counts.")
    static final class Describe extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;
        @Parameters(index = "0") String name;
        @Option(names = "--details", description = "Also list every item and every warning and error.") boolean details;

        @Override
        public Integer call() {
            try (ObjectStore store = openStore(); ArchiveReader r = ArchiveReader.open(store, name)) {
                PrintWriter out = spec.commandLine().getOut();
                if (output.structured()) {
                    output.print(out, details ? new Detailed(r.manifest(), r.resourceList(), VolumeBackup.read(r)) : r.manifest());
                } else {
                    Describer.backup(out, r.manifest(), details ? r.resourceList() : null, VolumeBackup.read(r),
                            dev.arca.engine.blueprint.BlueprintArtifact.read(r));
                }
            }
            return ExitCode.OK;
        }

        record Detailed(BackupManifest manifest, java.util.Map<String, List<String>> resources, List<VolumeBackup> volumes) {
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a backup's log.")
    static final class Logs extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0") String name;

        @Override
        public Integer call() {
            try (ObjectStore store = openStore(); ArchiveReader r = ArchiveReader.open(store, name); InputStream log = r.log()) {
                Describer.logLines(spec.commandLine().getOut(), log);
            } catch (IOException e) {
                throw new ArcaException("cannot read the log of backup " + name + ": " + e.getMessage(), e);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = "Download a backup's resources (a verified tar.zst of JSON documents).")
    static final class Download extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0") String name;
        @Option(names = {"-f", "--file"}, description = "Where to write it (default: NAME-data.tar.zst).") Path file;
        @Option(names = "--force", description = "Overwrite an existing file.") boolean force;

        @Override
        public Integer call() throws IOException {
            Path target = file != null ? file : Path.of(name + "-data.tar.zst");
            if (Files.exists(target) && !force) {
                throw new ArcaException.InvalidInput("file " + target + " exists; use --force to overwrite it or -f to pick another");
            }
            try (ObjectStore store = openStore(); ArchiveReader r = ArchiveReader.open(store, name)) {
                r.verify();
                Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".arca-download-", ".tmp");
                try (InputStream in = store.get(LocationLayout.resourcesKey(name))) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            spec.commandLine().getOut().println("backup \"" + name + "\" downloaded to " + target);
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a backup and every object it stored.")
    static final class Delete extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0") String name;
        @Option(names = "--confirm", description = "Do not ask for confirmation.") boolean confirm;

        @Override
        public Integer call() {
            if (!confirm && !Prompt.yes("delete backup \"" + name + "\" and all its data?")) {
                throw new ArcaException.InvalidInput("not deleted: confirm at the prompt or pass --confirm");
            }
            try (ObjectStore store = openStore()) {
                new BackupDeleter(store, Clock.systemUTC(), immutableFor()).delete(name); // refuses while a restore reads it
            }
            spec.commandLine().getOut().println("backup \"" + name + "\" deleted");
            return ExitCode.OK;
        }
    }
}

package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRecords;
import dev.arca.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arca restore create|get|describe|logs}. */
@Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore backups and inspect restores.",
        subcommands = {RestoreCreateCommand.class, RestoreCancelCommand.class, RestoreCommand.Get.class, RestoreCommand.Describe.class, RestoreCommand.Logs.class})
final class RestoreCommand {

    @Command(name = "get", mixinStandardHelpOptions = true, description = "List restores recorded in a location.")
    static final class Get extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;
        @Parameters(arity = "0..*", description = "Restore names (default: all).") List<String> names;

        @Override
        public Integer call() {
            List<RestoreRecord> records = new ArrayList<>();
            try (ObjectStore location = openStore()) {
                ObjectStore store = recordsFor(location);
                for (String n : names == null || names.isEmpty() ? RestoreRecords.names(store) : names) {
                    records.add(RestoreRecords.read(store, n));
                }
            }
            if (output.structured()) {
                output.print(spec.commandLine().getOut(), records);
                return ExitCode.OK;
            }
            List<String[]> rows = records.stream().map(r -> new String[] {
                    r.name(), r.spec().backupName(), String.valueOf(r.phase()), Times.at(r.started()),
                    String.valueOf(r.outcome().errors().size()), String.valueOf(r.outcome().warnings().size())}).toList();
            OutputOptions.table(spec.commandLine().getOut(), new String[] {"NAME", "BACKUP", "STATUS", "STARTED", "ERRORS", "WARNINGS"}, rows);
            return ExitCode.OK;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a restore: its spec, per-outcome counts, warnings and errors.")
    static final class Describe extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;
        @Parameters(index = "0") String name;
        @Option(names = "--details", description = "Show every warning and error.") boolean details;

        @Override
        public Integer call() {
            RestoreRecord record;
            try (ObjectStore location = openStore()) {
                record = RestoreRecords.read(recordsFor(location), name);
            }
            if (output.structured()) {
                output.print(spec.commandLine().getOut(), record);
            } else {
                Describer.restore(spec.commandLine().getOut(), record, details);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a restore's log: one line per item with its outcome.")
    static final class Logs extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0") String name;

        @Override
        public Integer call() {
            try (ObjectStore location = openStore(); InputStream log = RestoreRecords.log(recordsFor(location), name)) {
                Describer.logLines(spec.commandLine().getOut(), log);
            } catch (IOException e) {
                throw new ArcaException("cannot read the log of restore " + name + ": " + e.getMessage(), e);
            }
            return ExitCode.OK;
        }
    }
}

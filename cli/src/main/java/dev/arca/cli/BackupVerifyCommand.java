package dev.arca.cli;

import dev.arca.engine.retention.BackupVerifier;
import dev.arca.engine.retention.VerifyReport;
import dev.arca.storage.ObjectStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arca backup verify NAME}: reads a whole backup back and checks it against its manifest. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Read a whole backup back: check every file's checksum, decode every item and compare the counts.")
final class BackupVerifyCommand extends Context implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OutputOptions output;
    @Parameters(index = "0", description = "The backup to verify.")
    String name;

    @Override
    public Integer call() {
        VerifyReport report;
        try (ObjectStore store = openStore()) {
            report = new BackupVerifier(store).verify(name); // a failure throws: exit 1, the message names the file
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, report);
        } else {
            out.printf("backup \"%s\" verified: %d items, %d files, all checksums match%n",
                    report.backup(), report.items(), report.files());
        }
        return ExitCode.OK;
    }
}

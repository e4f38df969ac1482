package dev.arca.cli;

import dev.arca.engine.EngineOptions;
import dev.arca.engine.compare.TestRestore;
import dev.arca.engine.retention.BackupVerifier;
import dev.arca.engine.retention.VerifyReport;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arca backup verify NAME [--test-restore]}: reads a whole backup back and checks it against its manifest. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Read a whole backup back: check every file's checksum, decode every item and compare the counts, "
                + "and read back every chunk of its volume snapshots.")
final class BackupVerifyCommand extends Context implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OutputOptions output;
    @Parameters(index = "0", description = "The backup to verify.")
    String name;
    @Option(names = "--test-restore", description = "Also restore it into scratch namespaces (<namespace>-verify-<random>; "
            + "namespaced items only, no volume data), compare them with the backup, and delete them.")
    boolean testRestore;

    @Override
    public Integer call() {
        VerifyReport report;
        TestRestore.Result restored = null;
        try (ObjectStore store = openStore()) {
            report = new BackupVerifier(store).verify(name); // a failure throws: exit 1, the message names the file
            if (testRestore) {
                restored = testRestore(store);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, restored == null ? report : java.util.Map.of("verify", report, "testRestore", restored));
            return restored == null || restored.passed() ? ExitCode.OK : ExitCode.FAILED;
        }
        out.printf("backup \"%s\" verified: %d items, %d files, all checksums match%n",
                report.backup(), report.items(), report.files());
        report.volumes().forEach(v -> out.printf("volume %s (snapshot %s): %d chunks read back, all authentic%n",
                v.volume(), v.snapshot(), v.chunksRead()));
        if (restored == null) {
            return ExitCode.OK;
        }
        printTestRestore(out, restored);
        return restored.passed() ? ExitCode.OK : ExitCode.FAILED;
    }

    private TestRestore.Result testRestore(ObjectStore store) {
        String suffix = Long.toString(new java.security.SecureRandom().nextLong() >>> 1, 36);
        suffix = suffix.substring(suffix.length() - 5);
        try (KubernetesClient client = cluster.connect(env, 8)) {
            return new TestRestore(client, store, recordsFor(store), EngineOptions.defaults(), Duration.ofMinutes(2))
                    .run(name, name + "-verify-" + suffix, suffix);
        }
    }

    private static void printTestRestore(PrintWriter out, TestRestore.Result r) {
        out.printf("test restore \"%s\" into %s: %s, %s%n", r.restore().name(), r.namespaces(), r.restore().phase(),
                r.restore().counts());
        r.restore().outcome().errors().forEach(p -> out.println("  error: " + p.where() + ": " + p.message()));
        if (r.comparison().equal()) {
            out.println("compared with the backup: no differences");
        } else {
            DiffText.print(out, r.comparison());
        }
        if (r.leftBehind().isEmpty()) {
            out.println("scratch namespaces deleted");
        }
        r.leftBehind().forEach(l -> out.println("not cleaned up: " + l));
        out.println(r.passed() ? "test restore passed" : "test restore FAILED");
    }
}

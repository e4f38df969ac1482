package dev.arca.cli;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.archive.ArchiveWriter;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.ItemKey;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind {@code bin/arca}'s class-data-sharing archive: it runs the CLI's
 * start-up paths once, in-process, so that {@code -XX:ArchiveClassesAtExit} records the classes
 * they load (picocli's command tree, the kubeconfig model, the HTTP client, Jackson, the archive
 * codecs). Later runs map those classes from the archive instead of loading, verifying and
 * linking them again, which is most of a CLI run's fixed cost (docs/performance.md).
 *
 * <p>It needs no cluster and touches nothing of the user's: it works in a temporary
 * {@code ARCA_HOME} with a backup it writes there itself, and its one connecting command is
 * pointed at a closed loopback port, so it fails at once. Its output is discarded; it returns the
 * exit codes it saw, one line each, so a broken training run is visible when run by hand.
 */
public final class StartupTraining {
    /** A port nothing listens on: the connecting command fails with "connection refused". */
    private static final String CLOSED = "https://127.0.0.1:1";

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Files.createTempDirectory("arca-training-");
        try {
            for (String line : train(home)) {
                System.out.println(line);
            }
        } finally {
            delete(home);
        }
    }

    /** Runs the commands against {@code home}; returns each command line with its exit code. */
    static List<String> train(Path home) throws IOException {
        writeBackup(home, "training");
        Path kubeconfig = home.resolve("kubeconfig");
        Files.writeString(kubeconfig, String.join("\n", "apiVersion: v1", "kind: Config",
                "clusters: [{name: c, cluster: {server: '" + CLOSED + "', insecure-skip-tls-verify: true}}]",
                "users: [{name: u, user: {token: training}}]",
                "contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]",
                "current-context: x", ""));
        Map<String, String> env = Map.of("ARCA_HOME", home.toString());
        List<String[]> commands = List.of(
                new String[] {"--help"},
                new String[] {"backup", "create", "--help"},
                new String[] {"backup", "get"},
                new String[] {"backup", "get", "-o", "json"},
                new String[] {"backup", "describe", "training", "--details"},
                new String[] {"backup", "verify", "training"},
                new String[] {"restore", "get", "-o", "yaml"},
                new String[] {"location", "get"},
                new String[] {"backup", "create", "unreachable", "--include-namespaces", "default",
                        "--kubeconfig", kubeconfig.toString()});
        List<String> codes = new ArrayList<>();
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        for (String[] command : commands) {
            int code = ArcaCommand.run(discard, discard, env, command);
            codes.add(code + " arca " + String.join(" ", command));
        }
        return codes;
    }

    private static void writeBackup(Path home, String name) {
        try (ArchiveWriter writer = ArchiveWriter.create(new FilesystemObjectStore(home.resolve("backups")), name)) {
            writer.add(ItemKey.cluster("namespaces", "shop"), bytes("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                    + "\"metadata\":{\"name\":\"shop\"}}"));
            writer.add(ItemKey.namespaced("configmaps", "shop", "settings"), bytes("{\"apiVersion\":\"v1\","
                    + "\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\",\"namespace\":\"shop\"},\"data\":{\"k\":\"v\"}}"));
            writer.log("{\"msg\":\"backed up\"}");
            writer.finish(BackupManifest.draft(name, BackupSpec.everything(), Instant.now()).withPhase(Phase.Completed));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

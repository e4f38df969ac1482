package dev.arca.testkit.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The repository's {@code scripts/local-cluster}, run as a child process.
 *
 * <p>Every command runs with {@code ARCA_CLUSTER_DIR} set to one state directory, so several
 * control planes (one per test JVM) never share ports, pid files or a kubeconfig. The script
 * is the single place that knows how to start and stop the binaries; this class only runs it
 * and reports its output when it fails.
 */
final class ClusterScript {

    /** Names the repository root; a system property of this name wins over the variable. */
    static final String REPO_ROOT = "ARCA_REPO_ROOT";

    static final String NOT_INSTALLED = "the local control plane is not installed: "
            + "run 'scripts/local-cluster install' (builds Kubernetes 1.20.2 once, ~20 min)";

    private static final String SCRIPT = "scripts/local-cluster";
    private static final List<String> BINARIES =
            List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl");
    private static final int OUTPUT_TAIL_LINES = 30;

    private final Path repoRoot;

    ClusterScript(Path repoRoot) {
        this.repoRoot = repoRoot.toAbsolutePath().normalize();
        if (!Files.isExecutable(script())) {
            throw new IllegalStateException("no executable " + SCRIPT + " in " + this.repoRoot
                    + "; set -D" + REPO_ROOT + " or the " + REPO_ROOT + " variable to the Arca checkout");
        }
    }

    /**
     * Finds the repository root: the {@value #REPO_ROOT} system property, then the
     * {@value #REPO_ROOT} environment variable, then the nearest directory at or above
     * {@code user.dir} that holds {@code scripts/local-cluster}.
     *
     * @throws IllegalStateException when none of them names a checkout
     */
    static ClusterScript locate() {
        String configured = System.getProperty(REPO_ROOT, System.getenv(REPO_ROOT));
        if (configured != null && !configured.isBlank()) {
            return new ClusterScript(Path.of(configured));
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SCRIPT))) {
                return new ClusterScript(dir);
            }
        }
        throw new IllegalStateException("cannot find " + SCRIPT + " in " + start + " or any parent; set -D"
                + REPO_ROOT + " or the " + REPO_ROOT + " variable to the Arca checkout");
    }

    Path repoRoot() {
        return repoRoot;
    }

    private Path script() {
        return repoRoot.resolve(SCRIPT);
    }

    /**
     * Fails with {@link #NOT_INSTALLED} unless every binary is in the script's cache.
     *
     * @return the directory of the binaries
     */
    Path requireInstalled(Path stateDir) {
        Result bin = run(stateDir, "bin", Duration.ofSeconds(30));
        if (bin.exitCode() != 0) {
            throw new IllegalStateException(SCRIPT + " bin failed (exit " + bin.exitCode() + "):\n" + bin.output());
        }
        Path dir = Path.of(bin.output().strip().lines().reduce((first, last) -> last).orElse(""));
        for (String binary : BINARIES) {
            if (!Files.isExecutable(dir.resolve(binary))) {
                throw new IllegalStateException(NOT_INSTALLED + " (" + dir.resolve(binary) + " is missing)");
            }
        }
        return dir;
    }

    /**
     * Runs {@code scripts/local-cluster <command> [options]} for {@code stateDir} and waits for it.
     *
     * @return its exit status and combined output; a timeout kills the script and counts as
     *     exit status -1
     */
    Result run(Path stateDir, String command, Duration timeout, String... options) {
        List<String> commandLine = new ArrayList<>(List.of(script().toString(), command));
        commandLine.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(commandLine).directory(repoRoot.toFile());
        builder.environment().put("ARCA_CLUSTER_DIR", stateDir.toString());
        ProcessOutput.Finished finished = ProcessOutput.run(builder, timeout);
        return new Result(finished.exitCode(), finished.output());
    }

    /** The last lines of every {@code *.log} the control plane wrote in {@code stateDir}. */
    static String logTails(Path stateDir) {
        if (!Files.isDirectory(stateDir)) {
            return "";
        }
        StringBuilder tails = new StringBuilder();
        try (var logs = Files.list(stateDir)) {
            logs.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().forEach(p -> {
                tails.append("--- ").append(p.getFileName()).append(" (last ")
                        .append(OUTPUT_TAIL_LINES).append(" lines)\n").append(tail(p)).append('\n');
            });
        } catch (IOException e) {
            tails.append("(cannot list ").append(stateDir).append(": ").append(e.getMessage()).append(")\n");
        }
        return tails.toString();
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** What a script run returned: its exit status and combined stdout and stderr. */
    record Result(int exitCode, String output) {
        Result {
            output = output == null ? "" : output;
        }

        boolean ok() {
            return exitCode == 0;
        }
    }
}

package dev.arca.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code bin/arca} of the checkout as a separate JVM, the way a user does: its own
 * {@code ARCA_HOME} (so the embedded default location is a fresh directory), the control
 * plane's kubeconfig, and {@code JAVA_OPTS} with the heap bound and a GC log. Output goes to
 * files in the work directory; a run is timed from process start to exit, JVM start included.
 */
final class ArcaCli {
    private final Path repoRoot;
    private final Path kubeconfig;
    private final Path arcaHome;
    private final Path workDir;
    private final String heap;
    private final String extraJavaOpts;
    private final boolean jfr;

    ArcaCli(Path repoRoot, Path kubeconfig, Path workDir, String heap, String extraJavaOpts, boolean jfr) {
        this.repoRoot = repoRoot;
        this.kubeconfig = kubeconfig;
        this.workDir = workDir;
        this.arcaHome = workDir.resolve("arca-home");
        this.heap = heap;
        this.extraJavaOpts = extraJavaOpts;
        this.jfr = jfr;
    }

    /** The embedded default location's directory: {@code $ARCA_HOME/backups}. */
    Path locationDir() {
        return arcaHome.resolve("backups");
    }

    /**
     * One finished run.
     *
     * @param gc the heap figures, or null when the JVM wrote no GC log
     */
    record Run(String label, int exitCode, Duration wall, Path stdout, Path stderr, GcLog gc) {
        String tail() {
            return tailOf(stderr) + tailOf(stdout);
        }

        private static String tailOf(Path file) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
            } catch (IOException e) {
                return "(cannot read " + file + ")\n";
            }
        }
    }

    /**
     * Runs {@code bin/arca --version} without measuring anything: bin/arca rebuilds the CLI when
     * its sources changed, and that build must land here, never inside a timed run. Call it right
     * before each timed run; it also warms the page cache for the CLI's jars.
     *
     * @throws Checks.Broken when it fails (the CLI does not build)
     */
    void ensureBuilt() {
        Run warm = run("version", false, "--version");
        if (warm.exitCode() != 0) {
            throw new Checks.Broken("bin/arca --version failed (exit " + warm.exitCode() + "); its output ends:\n" + warm.tail());
        }
    }

    /** Runs {@code bin/arca args...} with the heap bound and a GC log; waits for it. */
    Run measured(String label, String... args) {
        return run(label, true, args);
    }

    private Run run(String label, boolean measured, String... args) {
        Path out = workDir.resolve(label + ".out");
        Path err = workDir.resolve(label + ".err");
        Path gcLog = workDir.resolve(label + ".gc.log");
        List<String> javaOpts = new ArrayList<>();
        if (measured) {
            javaOpts.add("-Xmx" + heap);
            javaOpts.add(String.format(GcLog.JVM_FLAG, gcLog));
            if (jfr) {
                javaOpts.add("-XX:StartFlightRecording=filename=" + workDir.resolve(label + ".jfr") + ",settings=profile");
            }
            if (!extraJavaOpts.isEmpty()) {
                javaOpts.add(extraJavaOpts);
            }
        }
        List<String> command = new ArrayList<>();
        command.add(repoRoot.resolve("bin/arca").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("ARCA_HOME", arcaHome.toString());
        env.put("JAVA_OPTS", String.join(" ", javaOpts));
        try {
            Files.createDirectories(arcaHome);
            long began = System.nanoTime();
            Process process = builder.start();
            int exit = process.waitFor();
            Duration wall = Duration.ofNanos(System.nanoTime() - began);
            GcLog gc = measured && Files.isRegularFile(gcLog) ? GcLog.read(gcLog) : null;
            return new Run(label, exit, wall, out, err, gc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while arca " + label + " ran", e);
        }
    }
}

package dev.arca.bench.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Arca's volume repository, driven through {@link VolumeTool} in a fresh JVM per operation (the
 * same java and classpath as the benchmark) so that JVM start and peak RSS count as restic's
 * process start and RSS do. The JVM gets {@code -Xmx<heap>} (1g by default) and {@code bin/arca}'s
 * own JVM options ({@link #JVM_OPTIONS}, an {@code @argfile}: the collector, JIT settings and the
 * common pool), so the figures are those of a CLI run. The
 * classpath is the benchmark's own: {@code -Dbench.classpath} as the script passes it (with its
 * {@code lib/*} wildcard, so a failed command stays readable), else {@code java.class.path}.
 */
final class Arca implements Tool {
    static final String VOLUME = "bench/data";
    /** The JVM options file {@code bin/arca} passes, relative to the repository root. */
    static final String JVM_OPTIONS = ShippedJvmOptions.FILE;
    private final Path location;
    private final Path logDir;
    private final Duration timeout;
    private final List<String> jvm;
    private String lastSnapshot;

    Arca(Path location, Path logDir, Duration timeout, Jvm jvm) {
        this.location = location;
        this.logDir = logDir;
        this.timeout = timeout;
        this.jvm = jvm.command(VolumeTool.class.getName());
    }

    /**
     * How an arca JVM starts: {@code -Xmx<heap>}, {@link #JVM_OPTIONS}, the extra options, the
     * benchmark's classpath.
     */
    record Jvm(String heap, String extraJavaOpts, Path classArchive) {
        List<String> command(String mainClass) {
            List<String> jvm = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "@" + jvmOptions()));
            jvm.addAll(ClassArchive.options(classArchive));
            if (!extraJavaOpts.isBlank()) {
                jvm.addAll(Arrays.asList(extraJavaOpts.strip().split("\\s+")));
            }
            jvm.addAll(List.of("-cp", System.getProperty("bench.classpath", System.getProperty("java.class.path")), mainClass));
            return List.copyOf(jvm);
        }

        Jvm withoutArchive() {
            return new Jvm(heap, extraJavaOpts, null);
        }
    }

    /** {@link #JVM_OPTIONS} in the checkout the script named ({@code -DARCA_REPO_ROOT}), which must exist. */
    static Path jvmOptions() {
        return ShippedJvmOptions.file(Path.of(System.getProperty("ARCA_REPO_ROOT", ".")));
    }

    @Override
    public String name() {
        return "arca";
    }

    /** The location store's directory; the repository lives under {@code repository/} in it. */
    @Override
    public Path repository() {
        return location;
    }

    /** Nothing to run: {@code Repository.open} creates the repository on first use. */
    @Override
    public void init() {
        DataSet.mkdirs(location);
    }

    @Override
    public Proc.Run backup(String label, Path source) {
        Proc.Run run = Proc.run(label, command("backup", location.toString(), source.toString(), VOLUME, label), Map.of(),
                logDir, timeout);
        JsonNode summary = run.ok() ? Tool.lastJson(run, "id") : null;
        if (summary != null) {
            lastSnapshot = summary.path("id").asText();
        } else if (run.ok()) {
            throw new Tool.StepFailed("arca " + label + " exited 0 but printed no snapshot summary (a JSON line with \"id\");"
                    + " see " + run.stdout());
        }
        return run;
    }

    @Override
    public Proc.Run restore(String label, Path target) {
        if (lastSnapshot == null) {
            throw new IllegalStateException("arca restore before any backup");
        }
        return Proc.run(label, command("restore", location.toString(), lastSnapshot, target.toString()), Map.of(), logDir, timeout);
    }

    @Override
    public Path restoredRoot(Path target, Path source) {
        return target;
    }

    @Override
    public String describe(Proc.Run backup) {
        return summary(Tool.lastJson(backup, "id"), backup);
    }

    /** One line from a SnapshotSummary as {@link VolumeTool} prints it. */
    static String summary(JsonNode s, Proc.Run backup) {
        if (s == null) {
            return "(no summary line in " + backup.stdout() + ")";
        }
        return String.format("snapshot %s: %d files, %d unchanged; %.1f MiB in the tree, %.1f MiB read, %.1f MiB new, %.1f MiB stored%s",
                s.path("id").asText(), s.path("files").asLong(), s.path("filesUnchanged").asLong(), mib(s, "bytes"),
                mib(s, "bytesRead"), mib(s, "bytesNew"), mib(s, "bytesStored"),
                s.path("warnings").size() == 0 ? "" : "; " + s.path("warnings").size() + " warnings");
    }

    private static double mib(JsonNode s, String field) {
        return s.path(field).asLong() / 1048576.0;
    }

    private List<String> command(String... args) {
        List<String> c = new ArrayList<>(jvm);
        c.addAll(List.of(args));
        return c;
    }
}

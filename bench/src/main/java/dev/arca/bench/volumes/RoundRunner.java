package dev.arca.bench.volumes;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One round of {@code bench/volumes} in its own directory: generate the data, then each step for
 * every tool in the given order (initial backups, the mutation, incremental backups, restores
 * with their check, sizes). Each step is printed on stderr as it finishes; a failed operation or
 * a restore that differs ends the run with {@link Tool.StepFailed}.
 */
final class RoundRunner {
    /** Small files whose SHA-256 a restore check compares (besides every large and incompressible file). */
    private static final int SAMPLED_FILES = 32;

    private final VolumeOptions options;
    private final int round;
    private final Path dir;
    private final Path data;
    private final Path logs;
    private final PrintStream err;
    private final Arca.Jvm jvm;
    /** Where restores go, a new file system each; null: beside the data. */
    private final FreshFs restoreFs;

    RoundRunner(VolumeOptions options, int round, Path dir, Arca.Jvm jvm, FreshFs restoreFs, PrintStream err) {
        this.options = options;
        this.restoreFs = restoreFs;
        this.jvm = jvm;
        this.round = round;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.logs = dir.resolve("logs");
        this.err = err;
    }

    VolumeBench.RoundResult run(List<String> order) {
        DataSet.mkdirs(logs);
        long bytes = options.sizeMiB() * 1048576L;
        DataSet.Stats stats = DataSet.generate(data, DataSet.plan(options.files(), bytes, options.seed()),
                options.threads());
        err.printf("bench: round %d: data set %s: %s; tool order %s%n", round, data, stats.describe(), order);
        Map<String, Tool> tools = new LinkedHashMap<>();
        order.forEach(name -> tools.put(name, tool(name)));
        try {
            tools.values().forEach(Tool::init);
            Map<String, Proc.Run> initial = new LinkedHashMap<>();
            tools.values().forEach(t -> initial.put(t.name(), backup(t, "initial")));
            Mutation.Result mutation = DataSet.mutate(data, options.fraction(), options.seed() + 1);
            err.printf("bench: round %d: mutation: %s%n", round, mutation.describe());
            Map<String, Proc.Run> incremental = new LinkedHashMap<>();
            tools.values().forEach(t -> incremental.put(t.name(), backup(t, "incremental")));
            Map<String, Proc.Run> restore = new LinkedHashMap<>();
            tools.values().forEach(t -> restore.put(t.name(), restore(t)));
            tools.values().forEach(Tool::close);
            Map<String, VolumeFigures.Round> figures = new LinkedHashMap<>();
            tools.values().forEach(t -> figures.put(t.name(), figures(t, initial.get(t.name()), incremental.get(t.name()),
                    restore.get(t.name()))));
            return new VolumeBench.RoundResult(figures, stats.bytes(), stats.files());
        } finally {
            try {
                tools.values().forEach(Tool::close);
            } finally {
                if (restoreFs != null) {
                    restoreFs.unmountQuietly(err); // a failed restore's tree is left in the image for inspection
                }
            }
        }
    }

    private Tool tool(String name) {
        Duration timeout = Duration.ofMinutes(options.timeoutMin());
        return switch (name) {
            case "restic" -> new Restic(dir.resolve("restic-repo"), dir.resolve("restic-cache"), logs, timeout);
            case "borg" -> new Borg(dir.resolve("borg-repo"), dir.resolve("borg-home"), logs, timeout);
            case "arca" -> new Arca(dir.resolve("arca-location"), logs, timeout, jvm);
            case VolumeOptions.WARM -> new ArcaWarm(dir.resolve("arca-warm-location"), dir.resolve("arca-warm-up"), logs, timeout,
                    jvm, options.seed());
            default -> throw new IllegalArgumentException("no tool named " + name);
        };
    }

    private VolumeFigures.Round figures(Tool t, Proc.Run i, Proc.Run n, Proc.Run r) {
        long size = Trees.totalSize(t.repository());
        err.printf("bench: round %d: %s repository %s: %.1f MiB in %d files%n", round, t.name(), t.repository(),
                size / 1048576.0, Trees.regularFiles(t.repository()).size());
        long session = t.sessionRssKiB();
        if (session >= 0) {
            err.printf("bench: round %d: %s JVM peak RSS %.0f MiB (its whole life: the warm-up backup and every operation)%n",
                    round, t.name(), session / 1024.0);
        }
        return session >= 0 ? new VolumeFigures.Round(i.seconds(), n.seconds(), r.seconds(), size, session, session)
                : new VolumeFigures.Round(i.seconds(), n.seconds(), r.seconds(), size, Math.max(i.peakRssKiB(), n.peakRssKiB()),
                r.peakRssKiB());
    }

    private Proc.Run backup(Tool tool, String step) {
        long warmed = Trees.readAll(data);
        Proc.sync(logs);
        String load = Proc.loadAverage();
        Proc.Run run = tool.backup(label(tool, step), data);
        if (!run.ok()) {
            throw Tool.StepFailed.of(tool, run, step + " backup (round " + round + ")");
        }
        err.printf("bench: round %d: %s %s backup: %.2f s, %s (%.0f MiB read beforehand to warm the cache;"
                + " load average %s); %s%n", round, tool.name(), step, run.seconds(), rss(run), warmed / 1048576.0, load,
                tool.describe(run));
        return run;
    }

    private Proc.Run restore(Tool tool) {
        Path target = (restoreFs != null ? restoreFs.mount() : dir).resolve(tool.name() + "-restore");
        Trees.delete(target);
        // as the data before a backup: the first restore of a round took 2-3.5 s longer whichever tool it was, and
        // Arca's restore from a repository not in the page cache 0.6-2.5 s longer than from one that is
        long warmed = Trees.readAll(tool.repository());
        Proc.sync(logs);
        String load = Proc.loadAverage();
        Proc.Run run = tool.restore(label(tool, "restore"), target);
        if (!run.ok()) {
            throw Tool.StepFailed.of(tool, run, "restore (round " + round + ")");
        }
        err.printf("bench: round %d: %s restore: %.2f s, %s (%.0f MiB of repository read beforehand to warm the cache;"
                + " load average %s)%n", round, tool.name(), run.seconds(), rss(run), warmed / 1048576.0, load);
        Path root = tool.restoredRoot(target, data);
        long began = System.nanoTime();
        String difference = Trees.difference(data, root, SAMPLED_FILES, options.seed() + round);
        if (difference != null) {
            throw new Tool.StepFailed(tool.name() + " restore (round " + round + ") into " + root + " does not match the source "
                    + data + ": " + difference + "; both kept for inspection" + (restoreFs == null ? "" : ": " + restoreFs.whereLeft()));
        }
        err.printf("bench: round %d: %s restore checked: same tree, sizes and sampled SHA-256 as the source (%.1f s)%n", round,
                tool.name(), (System.nanoTime() - began) / 1e9);
        if (restoreFs != null) {
            restoreFs.unmount();
        } else {
            Trees.delete(target);
        }
        return run;
    }

    /** A process's peak RSS; an operation of the warm JVM has none of its own (the JVM's comes at the end of the round). */
    private static String rss(Proc.Run run) {
        return run.peakRssKiB() >= 0 ? String.format("peak RSS %.0f MiB", run.rssMiB())
                : run.command().get(0).equals("VolumeTool") ? "peak RSS: the warm JVM's, at the end of the round" : "peak RSS unknown";
    }

    private String label(Tool tool, String step) {
        return "r" + round + "-" + tool.name() + "-" + step;
    }
}

package dev.arca.bench.volumes;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench/volumes}: Arca's volume repository against restic and borg on the same data in
 * the same run. Per round: generate the data set; initial backup with each tool; change 1% of the
 * data and touch 1% of the files (once, for all); incremental backup with each; full restore of
 * the latest snapshot with each, checked against the source; repository sizes. In every step the
 * tools take turns in the round's order, which rotates by one each round. Each operation is its
 * own process, timed from start to exit, under GNU time for its peak RSS; with {@code --warm},
 * Arca also runs in one long-lived JVM per round ({@link ArcaWarm}), timed by that JVM.
 *
 * <p>Fairness: the page cache cannot be dropped without root, so before each backup the data is
 * read once (both tools read from a warm cache), and {@code sync} runs before each timed step
 * (no tool pays for the previous one's write-back). Restores are timed to process exit, without
 * a final sync, for both. Prints one line on stdout, details on stderr; exits 0 unless the run
 * broke (a failed operation, a restore that differs), never because of a time.
 */
public final class VolumeBench {
    private static final String MARKER = ".volume-bench";

    private final VolumeOptions options;
    private final Path work;
    private final PrintStream err;

    VolumeBench(VolumeOptions options, Path work, PrintStream err) {
        this.options = options;
        this.work = work;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the benchmark; returns 0, 1 when the run broke, 2 for bad flags. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        VolumeOptions options;
        try {
            options = VolumeOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.print(VolumeOptions.USAGE);
            return 0;
        }
        Path work = options.work() != null ? options.work()
                : Path.of(System.getProperty("ARCA_REPO_ROOT", ".")).toAbsolutePath().normalize().resolve("bench/target/volumes-work");
        boolean ok = false;
        boolean prepared = false;
        try {
            prepare(work);
            prepared = true;
            out.println(new VolumeBench(options, work, err).measure().line());
            ok = true;
            return 0;
        } catch (Tool.StepFailed | IllegalStateException | UncheckedIOException e) {
            err.println("bench: FAILED: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("bench: FAILED: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            if (!prepared) {
                // not ours to keep or delete
            } else if (options.keep() || !ok) {
                err.println("bench: kept " + work + (ok ? "" : " for inspection (logs under round-*/logs); the next run empties it"));
            } else {
                Trees.delete(work);
            }
        }
    }

    /** Empties the work directory, but only one this benchmark made (it holds the marker) or an empty one. */
    static void prepare(Path work) {
        try {
            if (Files.isDirectory(work) && !Files.exists(work.resolve(MARKER))) {
                try (Stream<Path> s = Files.list(work)) {
                    if (s.findAny().isPresent()) {
                        throw new IllegalStateException("work directory " + work + " is not empty and was not made by bench/volumes"
                                + " (no " + MARKER + " in it); name an empty or new directory with --work");
                    }
                }
            }
            FreshFs.unmountLeftovers(work, System.err);
            Trees.delete(work);
            Files.createDirectories(work);
            Files.createFile(work.resolve(MARKER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the work directory " + work + ": " + e.getMessage(), e);
        }
    }

    VolumeFigures measure() {
        long began = System.nanoTime();
        err.printf("bench: %s (seed %d), %.1f%% of the bytes and files changed and as many files touched before the"
                        + " incremental backups, %d round(s), tools %s; %s; %s; arca JVMs: java %s -Xmx%s @%s%s, %s; %d cores;"
                        + " work dir %s%n", options.files() == 0 ? options.sizeMiB() + " MiB of mixed data"
                        : options.files() + " files, " + options.sizeMiB() + " MiB", options.seed(), options.fraction() * 100,
                options.rounds(), options.tools(), options.tools().contains("restic") ? Restic.version(work) : "restic not run",
                options.tools().contains("borg") ? Borg.version(work) + " (compression " + Borg.COMPRESSION + ")" : "borg not run",
                Runtime.version(), options.heap(), Arca.JVM_OPTIONS, options.arcaJavaOpts().isEmpty() ? "" : " " + options.arcaJavaOpts(),
                options.warm() ? "one per operation, and one per round for arca-warm" : "one per operation",
                Runtime.getRuntime().availableProcessors(), work);
        err.println("bench: the page cache is not dropped (that needs root): the data is read once before each backup so every"
                + " tool sees a warm cache, and sync runs before each timed step; load average now " + Proc.loadAverage()
                + " (other work on this machine makes the times noisy: compare within a run, use several rounds)");
        if (!Files.isExecutable(Proc.GNU_TIME)) {
            err.println("bench: " + Proc.GNU_TIME + " is missing (apt-get install time): peak RSS figures will be -1");
        }
        Arca.Jvm jvm = new Arca.Jvm(options.heap(), options.arcaJavaOpts(), null);
        if (options.tools().stream().anyMatch(t -> t.startsWith("arca"))) {
            jvm = new Arca.Jvm(options.heap(), options.arcaJavaOpts(), ClassArchive.make(jvm, work, err));
        }
        FreshFs restoreFs = options.sharedFs() ? null : FreshFs.ifPossible(work, options.sizeMiB() * 1048576L, err);
        Map<String, List<VolumeFigures.Round>> rounds = new LinkedHashMap<>();
        options.tools().forEach(t -> rounds.put(t, new ArrayList<>()));
        long dataBytes = 0;
        long dataFiles = 0;
        for (int r = 1; r <= options.rounds(); r++) {
            Path dir = work.resolve("round-" + r);
            RoundResult result = new RoundRunner(options, r, dir, jvm, restoreFs, err).run(order(options.tools(), r));
            dataBytes = result.dataBytes();
            dataFiles = result.dataFiles();
            result.figures().forEach((tool, f) -> rounds.get(tool).add(f));
            if (!options.keep()) {
                Trees.delete(dir.resolve("data"));
            }
        }
        err.printf("bench: whole run %.0f s%n", (System.nanoTime() - began) / 1e9);
        VolumeFigures figures = new VolumeFigures(rounds, dataBytes, dataFiles);
        err.print(figures.table());
        return figures;
    }

    /** Round {@code r}'s order: the tools rotated by r - 1, so that each goes first in turn. */
    static List<String> order(List<String> tools, int r) {
        List<String> order = new ArrayList<>(tools);
        Collections.rotate(order, -(r - 1));
        return order;
    }

    /** What one round measured: per tool its figures, and the size of the data set it started with. */
    record RoundResult(Map<String, VolumeFigures.Round> figures, long dataBytes, long dataFiles) {
    }
}

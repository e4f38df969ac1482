package dev.arca.bench.volumes;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code bench/server} borrows from {@code bench/volumes}: its data set, its 1% mutation and
 * restic on a local repository, so that the server's volume backup meets the same floor on the
 * same data as the CLI's.
 */
public final class ResticSide {
    private final Restic restic;

    /** Creates a restic repository under {@code dir} (not timed). */
    public ResticSide(Path dir, Duration timeout) {
        Path logs = dir.resolve("logs");
        DataSet.mkdirs(logs);
        this.restic = new Restic(dir.resolve("restic-repo"), dir.resolve("restic-cache"), logs, timeout);
        restic.init();
    }

    /** {@code restic version}, for the record. */
    public static String version(Path logDir) {
        DataSet.mkdirs(logDir);
        return Restic.version(logDir);
    }

    /**
     * Writes bench/volumes' data set of {@code sizeMiB} into {@code data}: the mixed one when
     * {@code files} is 0, else the many-files tree of that many files; returns what it wrote.
     */
    public static String generate(Path data, int files, int sizeMiB, long seed) {
        long bytes = sizeMiB * 1048576L;
        return DataSet.generate(data, DataSet.plan(files, bytes, seed), 2).describe();
    }

    /** Changes {@code fraction} of the bytes as bench/volumes does before its incremental backups; returns what changed. */
    public static String mutate(Path data, double fraction, long seed) {
        return DataSet.mutate(data, fraction, seed).describe();
    }

    /** Reads every file once, so that neither tool pays for a cold page cache; returns the bytes read. */
    public static long warmCache(Path data) {
        return Trees.readAll(data);
    }

    /** Backs {@code source} up with restic; returns the wall time of the process and its summary. */
    public Result backup(String label, Path source) {
        Proc.Run run = restic.backup(label, source);
        if (!run.ok()) {
            throw Tool.StepFailed.of(restic, run, label + " backup");
        }
        return new Result(run.wall(), restic.describe(run));
    }

    /** @param wall the restic process's wall time; @param summary its summary line */
    public record Result(Duration wall, String summary) {
    }
}

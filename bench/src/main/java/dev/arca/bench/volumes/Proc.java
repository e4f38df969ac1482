package dev.arca.bench.volumes;

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
import java.util.concurrent.TimeUnit;

/**
 * Runs one tool operation as its own process under GNU time ({@code /usr/bin/time -f %M}) for
 * its peak RSS, timed from start to exit (process start included, for restic and the JVM alike).
 * Output goes to files in the log directory, so a chatty process cannot block on a full pipe; a
 * process that outlives the timeout is killed with its children.
 */
final class Proc {
    static final Path GNU_TIME = Path.of("/usr/bin/time");

    private Proc() {
    }

    /**
     * One finished process.
     *
     * @param peakRssKiB the maximum resident set size GNU time reported, or -1 when unknown
     */
    record Run(String label, List<String> command, int exitCode, boolean timedOut, Duration wall, long peakRssKiB, Path stdout,
               Path stderr) {
        boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        double seconds() {
            return wall.toNanos() / 1e9;
        }

        double rssMiB() {
            return peakRssKiB < 0 ? -1 : peakRssKiB / 1024.0;
        }

        String out() {
            return read(stdout);
        }

        /** The last lines of stderr, then of stdout: what to show when it failed. */
        String tail(int lines) {
            return "--- stderr (" + stderr + ") ends:\n" + last(read(stderr), lines)
                    + "--- stdout (" + stdout + ") ends:\n" + last(read(stdout), lines);
        }

        private static String last(String text, int lines) {
            List<String> all = text.lines().toList();
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return tail.isEmpty() ? "(empty)\n" : String.join("\n", tail) + "\n";
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + file + ": " + e.getMessage() + ")";
            }
        }
    }

    /** Runs {@code command} in {@code logDir} with {@code env} added; waits at most {@code timeout}. */
    static Run run(String label, List<String> command, Map<String, String> env, Path logDir, Duration timeout) {
        return run(label, command, env, logDir, logDir, timeout);
    }

    /** Runs {@code command} in the working directory {@code cwd}, its output and RSS files in {@code logDir}. */
    static Run run(String label, List<String> command, Map<String, String> env, Path logDir, Path cwd, Duration timeout) {
        Path out = logDir.resolve(label + ".out");
        Path err = logDir.resolve(label + ".err");
        Path rss = logDir.resolve(label + ".rss");
        List<String> full = new ArrayList<>();
        boolean timed = Files.isExecutable(GNU_TIME);
        if (timed) {
            full.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString(), "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        try {
            Files.createDirectories(logDir);
            Files.deleteIfExists(rss);
            long began = System.nanoTime();
            Process process = builder.start();
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - began);
            return new Run(label, command, exited ? process.exitValue() : -1, !exited, wall, timed ? peakRss(rss) : -1, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + " (is it installed? bench/volumes installs restic,"
                    + " borgbackup and time with apt-get): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + label, e);
        }
    }

    /** Runs {@code sync} so that one tool's dirty pages are not written back during the next one's timed run. */
    static void sync(Path logDir) {
        run("sync", List.of("sync"), Map.of(), logDir, Duration.ofMinutes(10));
    }

    /** The 1, 5 and 15 minute load averages, to judge how busy the machine was; "?" when unknown. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The last line of GNU time's output file is the %M figure; earlier lines say how the command ended. */
    static long peakRss(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (line.matches("[0-9]+")) {
                    return Long.parseLong(line);
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }
}

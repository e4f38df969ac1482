package dev.arca.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Watches one process from {@code /proc} for a fixed time: its resident set ({@code VmRSS} of
 * {@code /proc/PID/status}) once a second, and the CPU it used ({@code utime + stime} of
 * {@code /proc/PID/stat}) between the first and the last sample. Linux only.
 */
final class ProcSampler {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ

    private ProcSampler() {
    }

    /**
     * What the process did while it was watched.
     *
     * @param rssKiB     the RSS samples, in KiB, in order
     * @param cpuSeconds CPU seconds used between the first and the last sample
     * @param elapsed    wall time between the first and the last sample
     */
    record Sample(List<Long> rssKiB, double cpuSeconds, Duration elapsed) {
        double medianRssMiB() {
            List<Long> sorted = rssKiB.stream().sorted().toList();
            int n = sorted.size();
            double kib = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
            return kib / 1024.0;
        }

        double maxRssMiB() {
            return rssKiB.stream().mapToLong(Long::longValue).max().orElse(0) / 1024.0;
        }

        double cpuSecondsPerMinute() {
            return cpuSeconds / (elapsed.toNanos() / 60e9);
        }

        String describe() {
            return String.format(Locale.ROOT, "rss median %.0f MiB, max %.0f MiB over %d samples; cpu %.2f s in %.0f s"
                    + " (%.2f s per minute)", medianRssMiB(), maxRssMiB(), rssKiB.size(), cpuSeconds,
                    elapsed.toNanos() / 1e9, cpuSecondsPerMinute());
        }
    }

    /** Samples {@code pid} every second for {@code duration} (at least two samples). */
    static Sample watch(long pid, Duration duration) {
        List<Long> rss = new ArrayList<>();
        long began = System.nanoTime();
        double cpuBefore = cpuSeconds(read(pid, "stat"));
        long next = began;
        do {
            rss.add(rssKiB(read(pid, "status")));
            next += 1_000_000_000L;
            sleepUntil(next);
        } while (System.nanoTime() - began < duration.toNanos());
        rss.add(rssKiB(read(pid, "status")));
        double cpu = cpuSeconds(read(pid, "stat")) - cpuBefore;
        return new Sample(List.copyOf(rss), cpu, Duration.ofNanos(System.nanoTime() - began));
    }

    /** {@code VmRSS} of a {@code /proc/PID/status} text, in KiB. */
    static long rssKiB(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("no VmRSS line in /proc status; did the process exit?");
    }

    /** {@code utime + stime} (fields 14 and 15 of proc(5)) of a {@code /proc/PID/stat} line, in seconds. */
    static double cpuSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    private static String read(long pid, String file) {
        Path path = Path.of("/proc", Long.toString(pid), file);
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + " (" + e.getMessage() + "); did arca server exit?", e);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long millis = (nanoTime - System.nanoTime()) / 1_000_000;
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sampling", e);
            }
        }
    }
}

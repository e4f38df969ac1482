package dev.arca.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap figures of a JVM run with {@link #JVM_FLAG}, read from its unified GC log.
 *
 * <p>Heap use only grows between collections, so its peak is the larger of the highest
 * "before" figure of any pause ({@code GC(7) Pause Young ... 88M->70M(256M)}) and the use at
 * exit ({@code garbage-first heap total 262144K, used 174640K}, or the sum of the generations'
 * lines for the serial and parallel collectors). The highest "after" figure is
 * what was still reachable after a collection: the live set the run really needed.
 */
record GcLog(long peakUsedBytes, long maxLiveBytes, long committedBytes, int pauses) {
    /** Adds this to a JVM's options; {@code %s} is the log file. */
    static final String JVM_FLAG = "-Xlog:gc,gc+heap+exit:file=%s";
    private static final Pattern PAUSE =
            Pattern.compile("GC\\(\\d+\\) Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final Pattern EXIT = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");
    /** The serial and parallel collectors print the heap at exit one generation at a time. */
    private static final Pattern GENERATION =
            Pattern.compile("(?:def new generation|tenured generation|PSYoungGen|ParOldGen)\\s+total (\\d+)K, used (\\d+)K");

    static GcLog read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the GC log " + file, e);
        }
    }

    static GcLog parse(List<String> lines) {
        long peak = 0;
        long live = 0;
        long committed = 0;
        int pauses = 0;
        long generationsTotal = 0;
        long generationsUsed = 0;
        for (String line : lines) {
            Matcher pause = PAUSE.matcher(line);
            if (pause.find()) {
                pauses++;
                peak = Math.max(peak, bytes(pause.group(1), pause.group(2)));
                live = Math.max(live, bytes(pause.group(3), pause.group(4)));
                committed = Math.max(committed, bytes(pause.group(5), pause.group(6)));
                continue;
            }
            Matcher exit = EXIT.matcher(line);
            if (exit.find()) {
                committed = Math.max(committed, Long.parseLong(exit.group(1)) * 1024);
                peak = Math.max(peak, Long.parseLong(exit.group(2)) * 1024);
                continue;
            }
            Matcher generation = GENERATION.matcher(line);
            if (generation.find()) {
                generationsTotal += Long.parseLong(generation.group(1)) * 1024;
                generationsUsed += Long.parseLong(generation.group(2)) * 1024;
            }
        }
        committed = Math.max(committed, generationsTotal);
        peak = Math.max(peak, generationsUsed);
        if (peak == 0) {
            throw new IllegalStateException("the GC log holds neither a pause nor the heap at exit; was the JVM run with "
                    + JVM_FLAG + "?");
        }
        return new GcLog(peak, live, committed, pauses);
    }

    double peakMiB() {
        return peakUsedBytes / (1024.0 * 1024.0);
    }

    double liveMiB() {
        return maxLiveBytes / (1024.0 * 1024.0);
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n * 1024;
            case "M" -> n * 1024 * 1024;
            default -> n * 1024 * 1024 * 1024;
        };
    }
}

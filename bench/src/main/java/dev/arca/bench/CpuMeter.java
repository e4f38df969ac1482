package dev.arca.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of everything that takes part in a run, from {@code /proc}: the control plane's
 * processes (named by the pid files {@code scripts/local-cluster} writes), this JVM, and its
 * finished children (the arca JVMs, which {@code bin/arca} {@code exec}s, so they are direct
 * children), and the whole machine, so that CPU used by anything else shows. The difference of
 * two snapshots says where a phase's time went; on a 2-core machine the sum against 2 x wall
 * time says how close to saturation it ran. Linux only; elsewhere the figures are zero.
 */
final class CpuMeter {
    static final String[] PROCESSES = {"apiserver", "etcd", "controller-manager"};
    private static final String MACHINE = "machine";
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux we run on
    private final Path clusterDir;

    CpuMeter(Path clusterDir) {
        this.clusterDir = clusterDir;
    }

    /** Seconds of CPU so far, by participant: the control plane's processes, "bench" and "arca". */
    Map<String, Double> snapshot() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String p : PROCESSES) {
            cpu.put(p, pidOf(p) < 0 ? 0.0 : seconds(stat("/proc/" + pidOf(p) + "/stat"), false));
        }
        String[] self = stat("/proc/self/stat");
        cpu.put("bench", seconds(self, false));
        cpu.put("arca", seconds(self, true));
        cpu.put(MACHINE, machineBusy());
        return cpu;
    }

    /**
     * "apiserver=12.3s etcd=4.5s ... ours=20.1s others=3.2s" for what each used between two
     * snapshots; "others" is the rest of the machine (anything not in this run), which should
     * be near zero for figures worth keeping.
     */
    static String delta(Map<String, Double> before, Map<String, Double> after) {
        StringBuilder out = new StringBuilder();
        double ours = 0;
        for (var e : after.entrySet()) {
            if (e.getKey().equals(MACHINE)) {
                continue;
            }
            double used = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            ours += used;
            out.append(String.format("%s=%.1fs ", e.getKey(), used));
        }
        double machine = after.get(MACHINE) - before.get(MACHINE);
        return out.append(String.format("ours=%.1fs others=%.1fs", ours, Math.max(0, machine - ours))).toString();
    }

    /** CPU seconds the whole machine spent busy (all CPUs): the first line of {@code /proc/stat}. */
    private static double machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
                busy += i < f.length ? Long.parseLong(f[i]) : 0;
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0.0;
        }
    }

    /**
     * Waits until the control plane uses less than a fifth of a core over a second (controllers
     * done with the last phase's namespaces, the API server's GC settled), at most {@code max}.
     */
    Duration awaitQuiet(Duration max) {
        long began = System.nanoTime();
        Map<String, Double> last = snapshot();
        while (System.nanoTime() - began < max.toNanos()) {
            sleep(1000);
            Map<String, Double> now = snapshot();
            double used = 0;
            for (String p : PROCESSES) {
                used += now.get(p) - last.get(p);
            }
            if (used < 0.2) {
                break;
            }
            last = now;
        }
        return Duration.ofNanos(System.nanoTime() - began);
    }

    private long pidOf(String process) {
        try {
            return Long.parseLong(Files.readString(clusterDir.resolve(process + ".pid"), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The fields after the command name (which may hold spaces), or null when unreadable. */
    private static String[] stat(String file) {
        try {
            String line = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
            return line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime, or with {@code children} cutime + cstime (fields 14-17 of proc(5); 12-15 after the name). */
    private static double seconds(String[] fields, boolean children) {
        if (fields == null || fields.length < 15) {
            return 0.0;
        }
        int first = children ? 13 : 11;
        return (Long.parseLong(fields[first]) + Long.parseLong(fields[first + 1])) / TICKS_PER_SECOND;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

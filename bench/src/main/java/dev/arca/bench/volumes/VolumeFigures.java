package dev.arca.bench.volumes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's result: every figure is the median over rounds, with its spread (min-max). As
 * one key=value line ({@link #line}) and as a table for people ({@link #table}). Ratios compare
 * Arca with each peer (restic, borg): time as peer / Arca (above 1: Arca is faster), size and
 * RSS as Arca / peer (below 1: Arca is smaller). {@code arca-warm} (one long-lived JVM) gets time
 * ratios of its own; its RSS is that JVM's peak over the whole round, warm-up included.
 *
 * @param rounds    per tool, in the first round's order, its figures of each round
 * @param dataBytes the generated data set's size
 * @param dataFiles the generated data set's number of files
 */
record VolumeFigures(Map<String, List<Round>> rounds, long dataBytes, long dataFiles) {
    static final List<String> PEERS = List.of("restic", "borg");
    static final List<String> OURS = List.of("arca", VolumeOptions.WARM);

    /**
     * One tool's figures in one round.
     *
     * @param backupRssKiB  the peak RSS of its initial and incremental backups, whichever is higher (-1: unknown)
     * @param restoreRssKiB the peak RSS of its restore (-1: unknown)
     */
    record Round(double initialS, double incrementalS, double restoreS, long sizeBytes, long backupRssKiB, long restoreRssKiB) {
    }

    /** One figure of a round, with its key and its row title. */
    enum Measure {
        INITIAL("initial", "initial backup s", Round::initialS),
        INCREMENTAL("incremental", "incremental backup s", Round::incrementalS),
        RESTORE("restore", "restore s", Round::restoreS),
        SIZE("size", "repository MiB", r -> r.sizeBytes() / 1048576.0),
        RSS("rss", "backup peak RSS MiB", r -> r.backupRssKiB() / 1024.0),
        RESTORE_RSS("restore_rss", "restore peak RSS MiB", r -> r.restoreRssKiB() / 1024.0);

        final String key;
        final String title;
        final ToDoubleFunction<Round> value;

        Measure(String key, String title, ToDoubleFunction<Round> value) {
            this.key = key;
            this.title = title;
            this.value = value;
        }

        static final List<Measure> TIMES = List.of(INITIAL, INCREMENTAL, RESTORE);
    }

    /** The median of the rounds, and the least and greatest. */
    record Spread(double median, double min, double max) {
        static Spread of(double[] values) {
            double[] v = values.clone();
            java.util.Arrays.sort(v);
            int n = v.length;
            double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            return new Spread(median, v[0], v[n - 1]);
        }
    }

    Spread spread(String tool, Measure m) {
        return Spread.of(rounds.get(tool).stream().mapToDouble(m.value).toArray());
    }

    private double median(String tool, Measure m) {
        return spread(tool, m).median();
    }

    private static String key(String tool) {
        return tool.replace('-', '_');
    }

    String line() {
        Map<String, String> f = new LinkedHashMap<>();
        if (rounds.containsKey("restic") && rounds.containsKey("arca")) {
            for (Measure m : Measure.TIMES) {
                f.put(m.key + "_ratio", ratio(median("restic", m), median("arca", m)));
            }
            f.put("size_ratio", ratio(median("arca", Measure.SIZE), median("restic", Measure.SIZE)));
        }
        f.putAll(ratios());
        if (rounds.containsKey("arca")) {
            f.put("rss_mb", mib(median("arca", Measure.RSS)));
        }
        for (String tool : rounds.keySet()) {
            for (Measure m : Measure.TIMES) {
                Spread s = spread(tool, m);
                f.put(key(tool) + "_" + m.key + "_s", seconds(s.median()));
                f.put(key(tool) + "_" + m.key + "_min_s", seconds(s.min()));
                f.put(key(tool) + "_" + m.key + "_max_s", seconds(s.max()));
            }
            f.put(key(tool) + "_size_mb", String.format(Locale.ROOT, "%.1f", median(tool, Measure.SIZE)));
            f.put(key(tool) + "_rss_mb", mib(median(tool, Measure.RSS)));
            if (!tool.equals(VolumeOptions.WARM)) {
                f.put(key(tool) + "_restore_rss_mb", mib(median(tool, Measure.RESTORE_RSS)));
            }
        }
        f.put("data_mb", String.format(Locale.ROOT, "%.1f", dataBytes / 1048576.0));
        f.put("data_files", Long.toString(dataFiles));
        f.put("rounds", Integer.toString(rounds.values().iterator().next().size()));
        List<String> parts = new ArrayList<>();
        f.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    /** For each of Arca's runs (CLI, warm) and each peer: the time ratios; for the CLI also size and RSS. */
    private Map<String, String> ratios() {
        Map<String, String> f = new LinkedHashMap<>();
        for (String ours : OURS) {
            for (String peer : PEERS) {
                if (!rounds.containsKey(ours) || !rounds.containsKey(peer)) {
                    continue;
                }
                String prefix = peer + (ours.equals("arca") ? "" : "_warm");
                for (Measure m : Measure.TIMES) {
                    f.put(prefix + "_" + m.key + "_ratio", ratio(median(peer, m), median(ours, m)));
                }
                if (ours.equals("arca")) {
                    for (Measure m : List.of(Measure.SIZE, Measure.RSS, Measure.RESTORE_RSS)) {
                        f.put(prefix + "_" + m.key + "_ratio", ratio(median(ours, m), median(peer, m)));
                    }
                }
            }
        }
        return f;
    }

    /** The figures as a table, a column per tool: "median (min-max)"; then the ratios, a line per peer. */
    String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "figures: median (min-max) over %d round(s), %.1f MiB"
                + " in %d files%n", rounds.values().iterator().next().size(), dataBytes / 1048576.0, dataFiles));
        out.append(String.format("  %-22s", ""));
        rounds.keySet().forEach(t -> out.append(String.format("%-26s", t)));
        out.append('\n');
        for (Measure m : Measure.values()) {
            out.append(String.format("  %-22s", m.title));
            for (String tool : rounds.keySet()) {
                Spread s = spread(tool, m);
                boolean unknown = s.min() < 0 || tool.equals(VolumeOptions.WARM) && m == Measure.RESTORE_RSS;
                out.append(String.format(Locale.ROOT, "%-26s", unknown ? "-"
                        : String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", s.median(), s.min(), s.max())));
            }
            out.append('\n');
        }
        Map<String, String> r = ratios();
        for (String peer : PEERS) {
            if (r.containsKey(peer + "_initial_ratio") || r.containsKey(peer + "_warm_initial_ratio")) {
                out.append("  arca vs ").append(peer).append(":");
                r.forEach((k, v) -> {
                    if (k.startsWith(peer + "_")) {
                        out.append(' ').append(k.substring(peer.length() + 1).replace("_ratio", "")).append('=').append(v);
                    }
                });
                out.append('\n');
            }
        }
        out.append("  (time ratios: peer / arca, above 1 means Arca is faster; size and RSS ratios: arca / peer;"
                + " warm_*: Arca in one long-lived JVM, whose RSS is its JVM's peak over the round, warm-up included)\n");
        return out.toString();
    }

    private static String ratio(double numerator, double denominator) {
        return denominator <= 0 || numerator < 0 ? "nan" : String.format(Locale.ROOT, "%.2f", numerator / denominator);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }

    /** Whole MiB, or -1 when the RSS is unknown. */
    private static String mib(double mib) {
        return mib < 0 ? "-1" : Long.toString(Math.round(mib));
    }
}

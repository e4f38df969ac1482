package dev.arca.bench.volumes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's result, as the one line it prints: ratios first (restic time / arca time, so
 * above 1 means Arca is faster; arca size / restic size, so below 1 means Arca's repository is
 * smaller), then the raw figures. Times are the median over rounds; size and RSS come from the
 * last round.
 *
 * @param rounds    per tool ({@code restic}, {@code arca}), its figures of each round
 * @param dataBytes the generated data set's size
 */
record VolumeFigures(Map<String, List<Round>> rounds, long dataBytes) {

    /**
     * One tool's figures in one round.
     *
     * @param backupRssKiB  the peak RSS of its initial and incremental backups, whichever is higher
     * @param restoreRssKiB the peak RSS of its restore
     */
    record Round(double initialS, double incrementalS, double restoreS, long sizeBytes, long backupRssKiB, long restoreRssKiB) {
    }

    private double median(String tool, java.util.function.ToDoubleFunction<Round> f) {
        double[] v = rounds.get(tool).stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private Round last(String tool) {
        List<Round> r = rounds.get(tool);
        return r.get(r.size() - 1);
    }

    String line() {
        Map<String, String> f = new LinkedHashMap<>();
        boolean both = rounds.containsKey("restic") && rounds.containsKey("arca");
        if (both) {
            f.put("initial_ratio", ratio(median("restic", Round::initialS), median("arca", Round::initialS)));
            f.put("incremental_ratio", ratio(median("restic", Round::incrementalS), median("arca", Round::incrementalS)));
            f.put("restore_ratio", ratio(median("restic", Round::restoreS), median("arca", Round::restoreS)));
            f.put("size_ratio", ratio(last("arca").sizeBytes(), last("restic").sizeBytes()));
        }
        if (rounds.containsKey("arca")) {
            f.put("rss_mb", mib(last("arca").backupRssKiB() * 1024));
        }
        if (rounds.containsKey("restic")) {
            f.put("restic_rss_mb", mib(last("restic").backupRssKiB() * 1024));
        }
        for (String step : List.of("initial", "incremental", "restore")) {
            for (String tool : List.of("restic", "arca")) {
                if (rounds.containsKey(tool)) {
                    f.put(tool + "_" + step + "_s", String.format(Locale.ROOT, "%.2f", median(tool, r -> switch (step) {
                        case "initial" -> r.initialS();
                        case "incremental" -> r.incrementalS();
                        default -> r.restoreS();
                    })));
                }
            }
        }
        for (String tool : List.of("restic", "arca")) {
            if (rounds.containsKey(tool)) {
                f.put(tool + "_size_mb", String.format(Locale.ROOT, "%.1f", last(tool).sizeBytes() / 1048576.0));
            }
        }
        f.put("data_mb", String.format(Locale.ROOT, "%.1f", dataBytes / 1048576.0));
        List<String> parts = new ArrayList<>();
        f.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    private static String ratio(double numerator, double denominator) {
        return denominator <= 0 ? "nan" : String.format(Locale.ROOT, "%.2f", numerator / denominator);
    }

    /** Whole MiB, or -1 when the RSS is unknown. */
    private static String mib(long bytes) {
        return bytes < 0 ? "-1" : Long.toString(Math.round(bytes / 1048576.0));
    }
}

package dev.arca.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The result of {@code bench/fleet}, as the one line it prints.
 *
 * @param members      member clusters (N)
 * @param objects      objects propagated to each (M)
 * @param create       first create on the hub until every member held all M
 * @param update       first change on the hub until every member held the new data of all M
 * @param floor        the bench's own client creating N x M ConfigMaps directly on the members
 * @param hubPeakMiB   the hub process's highest RSS
 * @param hubEndMiB    its RSS at the end of the rounds
 * @param hubCpu       CPU seconds it used from its start to the end of the rounds
 * @param logProblems  lines of the hub's log with an error, a warning or an exception
 * @param oneMember    with scaling: create of M objects on one member; else null
 * @param quarter      with scaling: create of M/4 objects on N members; else null
 */
record FleetFigures(int members, int objects, Duration create, Duration update, Duration floor, double hubPeakMiB,
                    double hubEndMiB, double hubCpu, int logProblems, Duration oneMember, Duration quarter) {

    double createRatio() {
        return Figures.seconds(create) / Figures.seconds(floor);
    }

    double updateRatio() {
        return Figures.seconds(update) / Figures.seconds(floor);
    }

    /** Seconds per 1,000 object-copies (one object on one member is one copy). */
    static double perThousandCopies(Duration d, int members, int objects) {
        return Figures.seconds(d) / (members * (double) objects / 1000.0);
    }

    String line() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("members", Integer.toString(members));
        f.put("objects", Integer.toString(objects));
        f.put("create_s", format("%.2f", Figures.seconds(create)));
        f.put("update_s", format("%.2f", Figures.seconds(update)));
        f.put("floor_s", format("%.2f", Figures.seconds(floor)));
        f.put("create_ratio", format("%.1f", createRatio()));
        f.put("update_ratio", format("%.1f", updateRatio()));
        f.put("create_s_per_1k_copies", format("%.2f", perThousandCopies(create, members, objects)));
        f.put("hub_rss_peak_mib", format("%.0f", hubPeakMiB));
        f.put("hub_rss_end_mib", format("%.0f", hubEndMiB));
        f.put("hub_cpu_s", format("%.1f", hubCpu));
        f.put("hub_log_problems", Integer.toString(logProblems));
        if (oneMember != null) {
            f.put("one_member_create_s", format("%.2f", Figures.seconds(oneMember)));
            f.put("one_member_s_per_1k_copies", format("%.2f", perThousandCopies(oneMember, 1, objects)));
        }
        if (quarter != null) {
            f.put("quarter_objects_create_s", format("%.2f", Figures.seconds(quarter)));
            f.put("quarter_objects_s_per_1k_copies", format("%.2f", perThousandCopies(quarter, members, objects / 4)));
        }
        return f.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}

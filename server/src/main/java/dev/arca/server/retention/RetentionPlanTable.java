package dev.arca.server.retention;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link RetentionPlan} as the plain-text table {@code arca schedule retention-plan}
 * prints: NAME, STARTED (in the schedule's zone), PHASE, DECISION, WHY; then the plan's notes and
 * a one-line summary.
 */
public final class RetentionPlanTable {
    private static final String[] HEADER = {"NAME", "STARTED", "PHASE", "DECISION", "WHY"};
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ssxxx");

    private RetentionPlanTable() {
    }

    /** The table, with start times shown in {@code zone}; every line ends in a newline. */
    public static String render(RetentionPlan plan, ZoneId zone) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (RetentionPlan.Entry e : plan.entries()) {
            rows.add(new String[] {e.backup().name(), STARTED.format(e.backup().started().atZone(zone)),
                e.backup().phase().name(), e.decision().name(), String.join("; ", e.reasons())});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        plan.notes().forEach(note -> out.append("note: ").append(note).append('\n'));
        out.append(summary(plan)).append('\n');
        return out.toString();
    }

    private static String summary(RetentionPlan plan) {
        return String.format("schedule %s: %d backup(s), keep %d, delete %d", plan.schedule(),
                plan.entries().size(), plan.toKeep().size(), plan.toDelete().size());
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}

package dev.arca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Problem;
import dev.arca.engine.compare.DiffReport;
import dev.arca.engine.compare.FieldChange;
import dev.arca.engine.compare.ObjectChange;
import java.io.PrintWriter;
import java.util.List;

/**
 * The text form of a comparison, one object a line ({@code +} added, {@code -} removed, {@code ~}
 * changed) and under a changed object one field a line with its old and new value.
 */
final class DiffText {
    /** A value longer than this is cut, so that one large ConfigMap does not bury the rest. */
    static final int MAX_VALUE = 200;

    private DiffText() {
    }

    static void print(PrintWriter out, DiffReport report) {
        out.printf("%s against %s: %d objects compared, %d added, %d removed, %d changed%n", report.before(), report.after(),
                report.compared(), report.count(ObjectChange.Kind.added), report.count(ObjectChange.Kind.removed),
                report.count(ObjectChange.Kind.changed));
        for (ObjectChange c : report.changes()) {
            out.println(sign(c.kind()) + " " + c.where());
            fields(out, c.fields());
        }
        for (Problem p : report.problems()) {
            out.println("! " + p.where() + ": " + p.message());
        }
        if (report.equal()) {
            out.println("no differences");
        }
    }

    /** The field lines of one changed object, e.g. {@code     ~ /data/k: "v" -> "w"}. */
    static void fields(PrintWriter out, List<FieldChange> fields) {
        for (FieldChange f : fields) {
            String value = switch (f.kind()) {
                case added -> value(f.after());
                case removed -> value(f.before());
                case changed -> value(f.before()) + " -> " + value(f.after());
            };
            out.println("    " + switch (f.kind()) {
                case added -> "+";
                case removed -> "-";
                case changed -> "~";
            } + " " + f.path() + ": " + value);
        }
    }

    private static String sign(ObjectChange.Kind kind) {
        return switch (kind) {
            case added -> "+";
            case removed -> "-";
            case changed -> "~";
        };
    }

    static String value(JsonNode node) {
        String text = node.toString();
        return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE) + "... (" + text.length() + " characters)";
    }
}

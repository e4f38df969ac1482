package dev.arca.cli;

import dev.arca.api.ArcaException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as Velero users write them ({@code 720h}, {@code 1h30m}, {@code 90s}), plus days ({@code 30d}). */
final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(d|h|m|s)");

    private Durations() {
    }

    static Duration parse(String text) {
        String t = text.strip();
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            end = m.end();
        }
        if (t.isEmpty() || end != t.length()) {
            throw new ArcaException.InvalidInput("duration \"" + text + "\" is not valid; use e.g. 720h, 1h30m or 30d");
        }
        return total;
    }

    /** Short form for tables: 29d, 5h, 12m. */
    static String human(Duration d) {
        if (d.isNegative()) {
            return "expired";
        }
        if (d.toDays() > 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() + "m";
    }
}

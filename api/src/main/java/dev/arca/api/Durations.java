package dev.arca.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as Velero users write them ({@code 720h}, {@code 1h30m}, {@code 90s}), plus days ({@code 30d}). */
public final class Durations {
    /**
     * The longest duration any flag takes: 100 years (36500 days). Longer values are mistakes, and
     * ones near {@code Long.MAX_VALUE} seconds would overflow when added to a start time, at the very
     * end of a run that had written its data already.
     */
    public static final Duration LONGEST = Duration.ofDays(36_500);
    private static final Pattern PART = Pattern.compile("(\\d+)(d|h|m|s)");

    private Durations() {
    }

    /**
     * Parses the value of {@code flag}, refusing a malformed one or one longer than {@link #LONGEST}
     * as invalid input that names the flag.
     */
    public static Duration parse(String flag, String text) {
        String t = text.strip();
        Matcher m = PART.matcher(t);
        long seconds = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            seconds = add(flag, text, seconds, m.group(1), switch (m.group(2)) {
                case "d" -> 86_400;
                case "h" -> 3_600;
                case "m" -> 60;
                default -> 1;
            });
            end = m.end();
        }
        if (t.isEmpty() || end != t.length()) {
            throw new ArcaException.InvalidInput(flag + " \"" + text + "\" is not a valid duration; use e.g. 720h, 1h30m or 30d");
        }
        return Duration.ofSeconds(seconds);
    }

    /** {@code total + count * unit} seconds, or invalid input once past {@link #LONGEST} (before any overflow). */
    private static long add(String flag, String text, long total, String count, long unit) {
        long longest = LONGEST.getSeconds();
        String digits = count.replaceFirst("^0+(?=\\d)", "");
        // 19 digits or more is too long anyway; fewer fit a long, and n <= longest / unit keeps n * unit exact.
        if (digits.length() > 18 || Long.parseLong(digits) > longest / unit || total + Long.parseLong(digits) * unit > longest) {
            throw new ArcaException.InvalidInput(flag + " \"" + text + "\" is longer than the longest allowed, 100 years (36500d); "
                    + "give a shorter duration");
        }
        return total + Long.parseLong(digits) * unit;
    }

    /** Short form for tables: 29d, 5h, 12m. */
    public static String human(Duration d) {
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

package dev.arca.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as the human forms show them: to the second, in UTC, the way {@code velero get} and
 * {@code velero describe} print them ({@code 2026-11-23 17:24:22 +0000 UTC}). The structured
 * forms ({@code -o json|yaml}) keep the full ISO-8601 instant.
 */
final class Times {
    static final String NONE = "<n/a>";
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String at(Instant instant) {
        return instant == null ? NONE : FORMAT.format(instant);
    }

    /** The completion time with how long the run took: {@code 2026-11-23 17:24:23 +0000 UTC (took 1.4s)}. */
    static String completed(Instant started, Instant completed) {
        if (completed == null) {
            return NONE;
        }
        return at(completed) + (started == null ? "" : " (took " + took(Duration.between(started, completed)) + ")");
    }

    /** A run's length: {@code 0.8s}, {@code 42s}, {@code 3m5s}, {@code 2h10m}. */
    static String took(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 10_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + seconds % 60 + "s";
        }
        return seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
    }
}

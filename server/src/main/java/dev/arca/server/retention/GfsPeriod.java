package dev.arca.server.retention;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;

/**
 * A grandfather-father-son period: the bucket a backup falls in is the period, in the schedule's
 * time zone, that holds its start time. Weeks are ISO weeks (Monday to Sunday, the week-based
 * year: 2026-12-31 is in 2026-W53, 2027-01-01 too).
 */
public enum GfsPeriod {
    HOURLY("hourly"),
    DAILY("daily"),
    WEEKLY("weekly"),
    MONTHLY("monthly"),
    YEARLY("yearly");

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HHxxx");

    private final String label;

    GfsPeriod(String label) {
        this.label = label;
    }

    /** The rule's name as it appears in a plan and in the CLI flags ({@code --keep-daily}). */
    public String label() {
        return label;
    }

    /**
     * The bucket holding {@code instant} in {@code zone}, as a label that names the period: {@code 2026-12-04T02+01:00}, {@code 2026-12-04},
     * {@code 2026-W49}, {@code 2026-12}, {@code 2026}. An hour carries its offset, so the hour a
     * DST change repeats is two buckets.
     */
    public String bucket(Instant instant, ZoneId zone) {
        ZonedDateTime t = instant.atZone(zone);
        return switch (this) {
            case HOURLY -> HOUR.format(t.truncatedTo(ChronoUnit.HOURS));
            case DAILY -> t.toLocalDate().toString();
            case WEEKLY -> String.format("%04d-W%02d",
                    t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTHLY -> String.format("%04d-%02d", t.getYear(), t.getMonthValue());
            case YEARLY -> String.format("%04d", t.getYear());
        };
    }
}

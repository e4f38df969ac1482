package dev.arca.server.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/**
 * A 5-field cron expression ({@code minute hour day-of-month month day-of-week}) or one of its
 * nicknames, with the semantics of Kubernetes CronJobs and Velero (both use robfig/cron): when
 * both day fields are restricted a day matches if either does; when one of them is {@code *} or
 * {@code ?} only the other one counts. Matching is on local wall-clock time; the time zone and
 * daylight-saving rules are applied by {@link ScheduleTiming}.
 */
public final class CronExpression implements ScheduleExpression {

    private static final Map<String, String> NICKNAMES = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronExpression(String text, String[] fields) {
        this.text = text;
        this.minutes = CronField.MINUTE.parse(text, fields[0]);
        this.hours = CronField.HOUR.parse(text, fields[1]);
        this.daysOfMonth = CronField.DAY_OF_MONTH.parse(text, fields[2]);
        this.months = CronField.MONTH.parse(text, fields[3]);
        this.daysOfWeek = CronField.DAY_OF_WEEK.parse(text, fields[4]);
        this.anyDayOfMonth = isStar(fields[2]);
        this.anyDayOfWeek = isStar(fields[4]);
        if (!canEverRun()) {
            throw ScheduleExpression.invalid(text, "no month has the day-of-month it asks for, so it"
                    + " would never run");
        }
    }

    static CronExpression parse(String text) {
        if (text.startsWith("@")) {
            String expanded = NICKNAMES.get(text.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw ScheduleExpression.invalid(text, "\"" + text + "\" is not a known nickname");
            }
            return new CronExpression(text, expanded.split(" "));
        }
        String[] fields = text.split("\\s+");
        if (fields.length != 5) {
            throw ScheduleExpression.invalid(text, "it has " + fields.length + " field"
                    + (fields.length == 1 ? "" : "s") + ", a cron expression has exactly 5");
        }
        return new CronExpression(text, fields);
    }

    /** As robfig/cron: a day field counts as unrestricted when one of its list parts is {@code *} or {@code ?}. */
    private static boolean isStar(String field) {
        return Arrays.stream(field.split(",")).anyMatch(p -> p.equals("*") || p.equals("?") || p.equals("*/1") || p.equals("?/1"));
    }

    @Override
    public String text() {
        return text;
    }

    /** True when the expression runs in every hour of the day ({@code *} in the hour field). */
    public boolean everyHour() {
        return hours.cardinality() == 24;
    }

    /** True when the expression runs on this local date (month and day fields). */
    public boolean matchesDay(LocalDate date) {
        if (!months.get(date.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(date.getDayOfMonth());
        boolean dow = daysOfWeek.get(date.getDayOfWeek().getValue() % 7);
        if (anyDayOfMonth || anyDayOfWeek) {
            return dom && dow;
        }
        return dom || dow;
    }

    /** True when the expression matches this local wall-clock minute (seconds are ignored). */
    public boolean matches(LocalDateTime time) {
        return matchesDay(time.toLocalDate()) && hours.get(time.getHour()) && minutes.get(time.getMinute());
    }

    /** The hours of the day this expression runs in, ascending. */
    int[] hours() {
        return hours.stream().toArray();
    }

    /** The minutes of the hour this expression runs in, ascending. */
    int[] minutes() {
        return minutes.stream().toArray();
    }

    private boolean canEverRun() {
        if (!anyDayOfMonth && !anyDayOfWeek) {
            return true;
        }
        int[] longest = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        return months.stream().anyMatch(m -> daysOfMonth.nextSetBit(1) <= longest[m]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.arca.server.schedule;

import dev.arca.api.ArcaException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a schedule runs: its expression read in its time zone (the JVM's own tz data; UTC when no
 * zone is given). Daylight-saving rules, as Vixie cron applies them:
 * <ul>
 *   <li>a time of day that is skipped (spring forward) runs once, at the first instant after the
 *       gap (a daily 02:30 in Europe/Paris runs at 03:00 CEST that day); several skipped times
 *       collapse into that one run;</li>
 *   <li>a time of day that happens twice (fall back) runs once, at its first occurrence;</li>
 *   <li>an expression with {@code *} in the hour field runs by the clock in every real hour: it
 *       runs at both occurrences of a repeated hour and does not catch up a skipped hour.</li>
 * </ul>
 * {@code @every} times are {@code anchor + k * interval} for k ≥ 1, whatever the zone.
 */
public final class ScheduleTiming {

    /** Longest search for the next cron run: Feb 29 may be 8 years away (2096 → 2104). */
    private static final int MAX_DAYS_SEARCHED = 366 * 9;

    private final ScheduleExpression expression;
    private final ZoneId zone;

    public ScheduleTiming(ScheduleExpression expression, ZoneId zone) {
        this.expression = Objects.requireNonNull(expression, "expression");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * Parses the expression and the zone name ({@code null} or blank means UTC).
     *
     * @throws ArcaException.InvalidInput for a bad expression or a zone the JVM does not know
     */
    public static ScheduleTiming of(String expression, String timeZone) {
        return new ScheduleTiming(ScheduleExpression.parse(expression), zone(timeZone));
    }

    /** Resolves a zone name; {@code null} or blank is UTC. */
    public static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timeZone.trim());
        } catch (DateTimeException e) {
            throw new ArcaException.InvalidInput("unknown time zone \"" + timeZone + "\": use an IANA"
                    + " zone name such as \"Europe/Paris\", \"America/New_York\" or \"UTC\"", e);
        }
    }

    public ScheduleExpression expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first run strictly after {@code after}; {@code @every} counts from {@code after} itself. */
    public Instant nextRun(Instant after) {
        return nextRun(after, after);
    }

    /**
     * The first run strictly after {@code after}. {@code anchor} is where {@code @every} counts
     * from (the schedule's last run or its creation); cron expressions ignore it.
     */
    public Instant nextRun(Instant anchor, Instant after) {
        if (expression instanceof EveryExpression every) {
            long interval = every.interval().getSeconds();
            long elapsed = Math.max(0, Duration.between(anchor, after).getSeconds());
            Instant candidate = anchor.plusSeconds((elapsed / interval + 1) * interval);
            return candidate.isAfter(after) ? candidate : candidate.plusSeconds(interval);
        }
        CronExpression cron = (CronExpression) expression;
        LocalDate day = after.atZone(zone).toLocalDate().minusDays(1);
        for (int i = 0; i < MAX_DAYS_SEARCHED; i++, day = day.plusDays(1)) {
            Optional<Instant> first = runsOn(cron, day).stream().filter(t -> t.isAfter(after)).min(Instant::compareTo);
            if (first.isPresent()) {
                return first.get();
            }
        }
        throw new IllegalStateException("schedule \"" + expression.text() + "\" has no run within 9 years after " + after);
    }

    /**
     * The latest run in {@code (anchor, atOrBefore]}, if any: the run a schedule missed most
     * recently when it last looked at {@code anchor}.
     */
    public Optional<Instant> latestRun(Instant anchor, Instant atOrBefore) {
        if (!atOrBefore.isAfter(anchor)) {
            return Optional.empty();
        }
        if (expression instanceof EveryExpression every) {
            long interval = every.interval().getSeconds();
            long k = Duration.between(anchor, atOrBefore).getSeconds() / interval;
            return k == 0 ? Optional.empty() : Optional.of(anchor.plusSeconds(k * interval));
        }
        CronExpression cron = (CronExpression) expression;
        LocalDate day = atOrBefore.atZone(zone).toLocalDate().plusDays(1);
        LocalDate last = anchor.atZone(zone).toLocalDate().minusDays(1);
        for (; !day.isBefore(last); day = day.minusDays(1)) {
            Optional<Instant> latest = runsOn(cron, day).stream()
                    .filter(t -> !t.isAfter(atOrBefore) && t.isAfter(anchor)).max(Instant::compareTo);
            if (latest.isPresent()) {
                return latest;
            }
        }
        return Optional.empty();
    }

    /** How many consecutive cron runs {@link #expectedInterval} looks at. */
    public static final int INTERVAL_SAMPLE_RUNS = 10;

    /**
     * The gap between two consecutive runs, for the metric
     * {@code arca_schedule_expected_interval_seconds}: the {@code @every} interval, or for cron
     * the smallest gap among the first {@value #INTERVAL_SAMPLE_RUNS} runs after {@code from}
     * (a weekday schedule gives one day, a daily one 23 hours across a spring-forward night).
     */
    public Duration expectedInterval(Instant from) {
        if (expression instanceof EveryExpression every) {
            return every.interval();
        }
        Duration smallest = null;
        Instant previous = nextRun(from);
        for (int i = 1; i < INTERVAL_SAMPLE_RUNS; i++) {
            Instant next = nextRun(previous);
            Duration gap = Duration.between(previous, next);
            smallest = smallest == null || gap.compareTo(smallest) < 0 ? gap : smallest;
            previous = next;
        }
        return smallest;
    }

    /** The instants at which a cron expression runs on one local date, in no particular order. */
    private List<Instant> runsOn(CronExpression cron, LocalDate day) {
        List<Instant> runs = new ArrayList<>();
        if (!cron.matchesDay(day)) {
            return runs;
        }
        ZoneRules rules = zone.getRules();
        boolean everyHour = cron.everyHour();
        for (int hour : cron.hours()) {
            for (int minute : cron.minutes()) {
                LocalDateTime local = day.atTime(hour, minute);
                List<ZoneOffset> offsets = rules.getValidOffsets(local);
                if (offsets.size() == 1) {
                    runs.add(local.toInstant(offsets.get(0)));
                } else if (offsets.isEmpty()) {
                    ZoneOffsetTransition gap = rules.getTransition(local);
                    if (!everyHour && !runs.contains(gap.getInstant())) {
                        runs.add(gap.getInstant());
                    }
                } else {
                    Instant first = local.toInstant(offsets.get(0));
                    Instant second = local.toInstant(offsets.get(1));
                    runs.add(first.isBefore(second) ? first : second);
                    if (everyHour) {
                        runs.add(first.isBefore(second) ? second : first);
                    }
                }
            }
        }
        return runs;
    }
}

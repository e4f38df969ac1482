package dev.arca.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * For random expressions of the whole cron grammar, random zones and random instants (many near a
 * daylight-saving change), {@code nextRun(t)} is after t, is a run time, and no minute strictly
 * between them is one. "Is a run time" is decided here minute by minute from the wall clock and
 * the zone's rules, independently of how {@link ScheduleTiming} searches.
 */
class NextRunPropertyTest {

    private static final Duration WINDOW = Duration.ofDays(5);
    private static final List<String> ZONES = List.of("UTC", "Europe/Paris", "America/New_York",
            "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    @Test
    void nextRunIsTheFirstMatchingMinuteAfterAnyInstant() {
        qt().withExamples(400).withShrinkCycles(20).forAll(expressions(), cases())
                .checkAssert((expression, c) -> nextRunIsTheFirstRunAfter(expression, c.zone(), c.t()));
    }

    private static void nextRunIsTheFirstRunAfter(String expression, ZoneId zone, Instant t) {
        CronExpression cron = (CronExpression) ScheduleExpression.parse(expression);
        ScheduleTiming timing = new ScheduleTiming(cron, zone);
        String context = expression + " in " + zone.getId() + " after " + t;
        Instant next = timing.nextRun(t);
        assertThat(next).as(context).isAfter(t);
        assertThat(runsAt(cron, zone, next)).as(context + ": next run " + next + " is a run time").isTrue();
        // then, following nextRun from run to run, no run time is skipped (up to 100 runs or the window),
        // and latestRun, which searches backwards, finds the same runs
        Instant end = t.plus(WINDOW);
        Instant expected = next;
        Instant previous = null;
        int followed = 0;
        for (Instant m = t.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60); m.isBefore(end) && followed < 100;
                m = m.plusSeconds(60)) {
            if (m.isBefore(expected)) {
                assertThat(runsAt(cron, zone, m)).as(context + ": " + m + " is before the next run " + expected).isFalse();
            } else {
                assertThat(m).as(context + ": runs fall on whole minutes").isEqualTo(expected);
                assertThat(runsAt(cron, zone, m)).as(context + ": run " + m + " is a run time").isTrue();
                assertThat(timing.latestRun(t, m)).as(context + ": latest run at " + m).contains(m);
                assertThat(timing.latestRun(t, m.minusSeconds(1))).as(context + ": latest run before " + m)
                        .isEqualTo(Optional.ofNullable(previous));
                previous = m;
                expected = timing.nextRun(expected);
                followed++;
            }
        }
    }

    /** The documented rule, checked for one whole minute of real time. */
    private static boolean runsAt(CronExpression cron, ZoneId zone, Instant minute) {
        ZoneRules rules = zone.getRules();
        LocalDateTime local = LocalDateTime.ofInstant(minute, zone);
        if (local.getSecond() != 0 && !endsAGap(rules, minute)) {
            return false;
        }
        if (!cron.everyHour() && endsAGap(rules, minute)) {
            ZoneOffsetTransition gap = rules.nextTransition(minute.minusSeconds(1));
            for (LocalDateTime m = gap.getDateTimeBefore(); m.isBefore(gap.getDateTimeAfter()); m = m.plusMinutes(1)) {
                if (cron.matches(m)) {
                    return true;
                }
            }
        }
        if (local.getSecond() != 0 || !cron.matches(local)) {
            return false;
        }
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.size() == 2 && !cron.everyHour()) {
            Instant first = local.toInstant(offsets.get(0));
            Instant second = local.toInstant(offsets.get(1));
            return minute.equals(first.isBefore(second) ? first : second);
        }
        return true;
    }

    private static boolean endsAGap(ZoneRules rules, Instant instant) {
        ZoneOffsetTransition t = rules.nextTransition(instant.minusSeconds(1));
        return t != null && t.isGap() && t.getInstant().equals(instant);
    }

    /** A zone and an instant: half of them within days of one of that zone's DST changes. */
    record Case(ZoneId zone, Instant t) {
    }

    private static Gen<Case> cases() {
        return Generate.pick(ZONES).zip(integers().between(2020, 2035), integers().between(0, 3),
                integers().between(-2 * 86_400, 7_200), (zoneName, year, mode, offset) -> {
                    ZoneId zone = ZoneId.of(zoneName);
                    Instant start = Instant.parse(year + (mode % 2 == 0 ? "-01-01" : "-07-01") + "T00:00:00Z");
                    ZoneOffsetTransition change = zone.getRules().nextTransition(start);
                    if (mode < 2 && change != null) {
                        return new Case(zone, change.getInstant().plusSeconds(offset));
                    }
                    return new Case(zone, start.plusSeconds((offset + 2L * 86_400) * 90));
                });
    }

    private static Gen<String> expressions() {
        Gen<String> minute = field(0, 59, List.of(), 0);
        Gen<String> hour = Generate.oneOf(field(0, 23, List.of(), 0),
                Generate.pick(List.of("0", "1", "2", "3", "23", "1-3", "2,3", "0-4/2")));
        Gen<String> dom = Generate.oneOf(Generate.constant("*"), field(1, 31, List.of(), 1));
        Gen<String> month = Generate.oneOf(Generate.constant("*"), field(1, 12, MONTHS, 1));
        Gen<String> dow = Generate.oneOf(Generate.constant("*"), field(0, 7, DAYS, 0));
        return minute.zip(hour, dom, month, (mi, h, d, mo) -> mi + " " + h + " " + d + " " + mo)
                .zip(dow, (first, w) -> first + " " + w)
                .assuming(NextRunPropertyTest::canRun);
    }

    private static boolean canRun(String expression) {
        try {
            ScheduleExpression.parse(expression);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Gen<String> field(int min, int max, List<String> names, int nameBase) {
        Gen<Integer> values = integers().between(min, max);
        Gen<String> value = values.map(v -> names.isEmpty() || v - nameBase >= names.size() || v % 3 != 0
                ? String.valueOf(v) : names.get(v - nameBase));
        Gen<String> range = values.zip(values, (a, b) -> Math.min(a, b) + "-" + Math.max(a, b));
        Gen<String> step = integers().between(1, max - min + 1).zip(Generate.pick(List.of("*", String.valueOf(min), min + "-" + max)),
                (s, base) -> base + "/" + s);
        Gen<String> part = Generate.oneOf(Generate.constant("*"), value, range, step);
        return lists().of(part).ofSizeBetween(1, 3).map(parts -> String.join(",", parts));
    }
}

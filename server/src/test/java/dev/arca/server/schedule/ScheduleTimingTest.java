package dev.arca.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTimingTest {

    private static List<Instant> runs(ScheduleTiming timing, String fromUtc, int count) {
        List<Instant> runs = new ArrayList<>();
        Instant t = Instant.parse(fromUtc);
        for (int i = 0; i < count; i++) {
            t = timing.nextRun(t);
            runs.add(t);
        }
        return runs;
    }

    private static List<Instant> instants(String... utc) {
        return java.util.Arrays.stream(utc).map(Instant::parse).toList();
    }

    @Test
    void noZoneMeansUtc() {
        ScheduleTiming timing = ScheduleTiming.of("0 2 * * *", null);
        assertThat(timing.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(timing.nextRun(Instant.parse("2026-12-05T02:00:00Z"))).isEqualTo(Instant.parse("2026-12-06T02:00:00Z"));
        assertThat(timing.nextRun(Instant.parse("2026-12-05T01:59:59Z"))).isEqualTo(Instant.parse("2026-12-05T02:00:00Z"));
    }

    @Test
    void dailyRunIsAtLocalTimeInTheZone() {
        ScheduleTiming paris = ScheduleTiming.of("0 2 * * *", "Europe/Paris");
        assertThat(runs(paris, "2026-12-05T12:00:00Z", 1)).containsExactly(Instant.parse("2026-12-06T01:00:00Z"));
        assertThat(runs(paris, "2026-07-05T12:00:00Z", 1)).containsExactly(Instant.parse("2026-07-06T00:00:00Z"));
    }

    @Test
    void parisSpringForwardRunsASkippedDailyTimeOnceAtThreeOClock() {
        ScheduleTiming timing = ScheduleTiming.of("30 2 * * *", "Europe/Paris");
        assertThat(runs(timing, "2026-03-27T12:00:00Z", 3)).containsExactlyElementsOf(instants(
                "2026-03-28T01:30:00Z", // 02:30 CET
                "2026-03-29T01:00:00Z", // 02:30 does not exist: 03:00 CEST
                "2026-03-30T00:30:00Z")); // 02:30 CEST
    }

    @Test
    void parisSpringForwardCollapsesSeveralSkippedTimesIntoOneRun() {
        ScheduleTiming timing = ScheduleTiming.of("*/15 2,3 * * *", "Europe/Paris");
        assertThat(runs(timing, "2026-03-29T00:00:00Z", 3)).containsExactlyElementsOf(instants(
                "2026-03-29T01:00:00Z", // 02:00..02:45 skipped, and 03:00 itself: one run
                "2026-03-29T01:15:00Z",
                "2026-03-29T01:30:00Z"));
    }

    @Test
    void parisFallBackRunsARepeatedDailyTimeOnceAtItsFirstOccurrence() {
        ScheduleTiming timing = ScheduleTiming.of("30 2 * * *", "Europe/Paris");
        assertThat(runs(timing, "2026-10-24T12:00:00Z", 2)).containsExactlyElementsOf(instants(
                "2026-10-25T00:30:00Z", // 02:30 CEST, the first of the two 02:30s
                "2026-10-26T01:30:00Z")); // 02:30 CET the next day; 01:30Z on the 25th is skipped
    }

    @Test
    void hourlyScheduleRunsInEveryRealHourAcrossBothTransitions() {
        ScheduleTiming timing = ScheduleTiming.of("30 * * * *", "Europe/Paris");
        assertThat(runs(timing, "2026-10-24T23:00:00Z", 4)).containsExactlyElementsOf(instants(
                "2026-10-24T23:30:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:30:00Z"));
        assertThat(runs(timing, "2026-03-29T00:00:00Z", 2)).as("no catch-up for the skipped 02:30")
                .containsExactlyElementsOf(instants("2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"));
    }

    @Test
    void newYorkSpringForwardAndFallBack() {
        ScheduleTiming spring = ScheduleTiming.of("30 2 * * *", "America/New_York");
        assertThat(runs(spring, "2026-03-07T12:00:00Z", 3)).containsExactlyElementsOf(instants(
                "2026-03-08T07:00:00Z", // 02:30 skipped: 03:00 EDT
                "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z"));
        ScheduleTiming fall = ScheduleTiming.of("30 1 * * *", "America/New_York");
        assertThat(runs(fall, "2026-10-31T12:00:00Z", 2)).containsExactlyElementsOf(instants(
                "2026-11-01T05:30:00Z", // 01:30 EDT, the first of the two 01:30s
                "2026-11-02T06:30:00Z")); // 01:30 EST next day
    }

    @Test
    void unknownTimeZoneFailsNamingItAndSuggestingOne() {
        assertThatThrownBy(() -> ScheduleTiming.of("@daily", "Europe/Pariss"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("unknown time zone \"Europe/Pariss\": use an IANA zone name such as \"Europe/Paris\","
                        + " \"America/New_York\" or \"UTC\"");
    }

    @Test
    void everyCountsFromTheAnchorNotFromTheClock() {
        ScheduleTiming timing = ScheduleTiming.of("@every 1h30m", "Europe/Paris");
        Instant anchor = Instant.parse("2026-12-05T10:07:00Z");
        assertThat(timing.nextRun(anchor, Instant.parse("2026-12-05T10:07:00Z"))).isEqualTo(Instant.parse("2026-12-05T11:37:00Z"));
        assertThat(timing.nextRun(anchor, Instant.parse("2026-12-05T11:37:00Z"))).isEqualTo(Instant.parse("2026-12-05T13:07:00Z"));
        assertThat(timing.nextRun(anchor, Instant.parse("2026-12-05T12:00:00Z"))).isEqualTo(Instant.parse("2026-12-05T13:07:00Z"));
        assertThat(timing.latestRun(anchor, Instant.parse("2026-12-05T14:00:00Z"))).contains(Instant.parse("2026-12-05T13:07:00Z"));
        assertThat(timing.latestRun(anchor, Instant.parse("2026-12-05T11:36:59Z"))).isEmpty();
    }

    @Test
    void everyIgnoresDaylightSavingTime() {
        ScheduleTiming timing = ScheduleTiming.of("@every 1h", "Europe/Paris");
        Instant anchor = Instant.parse("2026-10-24T23:30:00Z");
        assertThat(timing.nextRun(anchor, Instant.parse("2026-10-25T01:00:00Z"))).isEqualTo(Instant.parse("2026-10-25T01:30:00Z"));
    }

    @Test
    void latestRunFindsTheMostRecentCronTimeAfterTheAnchor() {
        ScheduleTiming timing = ScheduleTiming.of("0 2 * * *", "Europe/Paris");
        Instant anchor = Instant.parse("2026-12-01T01:00:00Z");
        assertThat(timing.latestRun(anchor, Instant.parse("2026-12-05T12:00:00Z"))).contains(Instant.parse("2026-12-05T01:00:00Z"));
        assertThat(timing.latestRun(anchor, Instant.parse("2026-12-02T00:59:59Z"))).isEmpty();
        assertThat(timing.latestRun(anchor, Instant.parse("2026-12-02T01:00:00Z"))).contains(Instant.parse("2026-12-02T01:00:00Z"));
    }

    @Test
    void february29RunsFindTheNextLeapYearEvenAcross2100() {
        ScheduleTiming timing = ScheduleTiming.of("0 0 29 2 *", null);
        assertThat(timing.nextRun(Instant.parse("2026-12-05T00:00:00Z"))).isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
        assertThat(timing.nextRun(Instant.parse("2096-03-01T00:00:00Z"))).isEqualTo(Instant.parse("2104-02-29T00:00:00Z"));
    }

    @Test
    void expectedIntervalIsTheEveryIntervalOrTheSmallestCronGap() {
        Instant from = Instant.parse("2026-12-05T12:00:00Z");
        assertThat(ScheduleTiming.of("@every 90m", null).expectedInterval(from)).isEqualTo(Duration.ofMinutes(90));
        assertThat(ScheduleTiming.of("@daily", "Europe/Paris").expectedInterval(from)).isEqualTo(Duration.ofDays(1));
        assertThat(ScheduleTiming.of("0 2 * * 1-5", null).expectedInterval(from)).isEqualTo(Duration.ofDays(1));
        assertThat(ScheduleTiming.of("0 */6 * * *", null).expectedInterval(from)).isEqualTo(Duration.ofHours(6));
        assertThat(ScheduleTiming.of("@daily", "Europe/Paris").expectedInterval(Instant.parse("2026-03-27T12:00:00Z")))
                .as("the spring-forward night is 23 hours").isEqualTo(Duration.ofHours(23));
    }
}

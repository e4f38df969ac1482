package dev.arca.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GfsPeriodTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void sundayAndMondayFallInDifferentIsoWeeks() {
        // 2026-12-06 is a Sunday, 2026-12-07 a Monday
        assertThat(GfsPeriod.WEEKLY.bucket(Instant.parse("2026-12-06T23:59:59Z"), ZoneOffset.UTC)).isEqualTo("2026-W49");
        assertThat(GfsPeriod.WEEKLY.bucket(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC)).isEqualTo("2026-W50");
        assertThat(GfsPeriod.WEEKLY.bucket(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC)).isEqualTo("2026-W49");
    }

    @Test
    void bucketsAreCutInTheScheduleZoneNotInUtc() {
        // 23:30 UTC on Sunday is already Monday 00:30 in Paris
        Instant t = Instant.parse("2026-12-06T23:30:00Z");
        assertThat(GfsPeriod.WEEKLY.bucket(t, PARIS)).isEqualTo("2026-W50");
        assertThat(GfsPeriod.DAILY.bucket(t, PARIS)).isEqualTo("2026-12-07");
        assertThat(GfsPeriod.DAILY.bucket(t, ZoneOffset.UTC)).isEqualTo("2026-12-06");
    }

    @Test
    void monthEndsAtTheLastInstantOfItsLastDay() {
        assertThat(GfsPeriod.MONTHLY.bucket(Instant.parse("2027-02-28T23:59:59Z"), ZoneOffset.UTC)).isEqualTo("2027-02");
        assertThat(GfsPeriod.MONTHLY.bucket(Instant.parse("2027-03-01T00:00:00Z"), ZoneOffset.UTC)).isEqualTo("2027-03");
        assertThat(GfsPeriod.MONTHLY.bucket(Instant.parse("2028-02-29T12:00:00Z"), ZoneOffset.UTC)).isEqualTo("2028-02");
        // 2026-11-30T23:30Z is 2026-12-01 00:30 in Paris
        assertThat(GfsPeriod.MONTHLY.bucket(Instant.parse("2026-11-30T23:30:00Z"), PARIS)).isEqualTo("2026-12");
    }

    @Test
    void newYearChangesTheYearButTheIsoWeekFollowsItsWeekBasedYear() {
        Instant lastSecond = Instant.parse("2026-12-31T23:59:59Z");
        Instant firstSecond = Instant.parse("2027-01-01T00:00:00Z");
        assertThat(GfsPeriod.YEARLY.bucket(lastSecond, ZoneOffset.UTC)).isEqualTo("2026");
        assertThat(GfsPeriod.YEARLY.bucket(firstSecond, ZoneOffset.UTC)).isEqualTo("2027");
        // 2026 has 53 ISO weeks; Friday 2027-01-01 still belongs to 2026-W53
        assertThat(GfsPeriod.WEEKLY.bucket(lastSecond, ZoneOffset.UTC)).isEqualTo("2026-W53");
        assertThat(GfsPeriod.WEEKLY.bucket(firstSecond, ZoneOffset.UTC)).isEqualTo("2026-W53");
        assertThat(GfsPeriod.WEEKLY.bucket(Instant.parse("2027-01-04T00:00:00Z"), ZoneOffset.UTC)).isEqualTo("2027-W01");
        // 2019-12-30 (a Monday) is in 2020-W01
        assertThat(GfsPeriod.WEEKLY.bucket(Instant.parse("2019-12-30T10:00:00Z"), ZoneOffset.UTC)).isEqualTo("2020-W01");
    }

    @Test
    void theDstDayInParisIsOneDayOfTwentyThreeOrTwentyFiveHours() {
        // 2026-03-29: clocks jump from 02:00 to 03:00 in Paris (a 23-hour day)
        assertThat(GfsPeriod.DAILY.bucket(Instant.parse("2026-03-28T23:00:00Z"), PARIS)).isEqualTo("2026-03-29");
        assertThat(GfsPeriod.DAILY.bucket(Instant.parse("2026-03-29T21:59:59Z"), PARIS)).isEqualTo("2026-03-29");
        assertThat(GfsPeriod.DAILY.bucket(Instant.parse("2026-03-29T22:00:00Z"), PARIS)).isEqualTo("2026-03-30");
        // 2026-10-25: clocks fall back from 03:00 to 02:00 (a 25-hour day)
        assertThat(GfsPeriod.DAILY.bucket(Instant.parse("2026-10-24T22:00:00Z"), PARIS)).isEqualTo("2026-10-25");
        assertThat(GfsPeriod.DAILY.bucket(Instant.parse("2026-10-25T22:59:59Z"), PARIS)).isEqualTo("2026-10-25");
        assertThat(GfsPeriod.DAILY.bucket(Instant.parse("2026-10-25T23:00:00Z"), PARIS)).isEqualTo("2026-10-26");
    }

    @Test
    void theHourRepeatedWhenClocksFallBackIsTwoHourlyBuckets() {
        String first = GfsPeriod.HOURLY.bucket(Instant.parse("2026-10-25T00:30:00Z"), PARIS);
        String second = GfsPeriod.HOURLY.bucket(Instant.parse("2026-10-25T01:30:00Z"), PARIS);
        assertThat(first).isEqualTo("2026-10-25T02+02:00");
        assertThat(second).isEqualTo("2026-10-25T02+01:00");
    }
}

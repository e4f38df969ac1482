package dev.arca.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleExpressionTest {

    private static CronExpression cron(String text) {
        return (CronExpression) ScheduleExpression.parse(text);
    }

    private static LocalDateTime at(String iso) {
        return LocalDateTime.parse(iso);
    }

    @ParameterizedTest
    @CsvSource({
        "@hourly,   0 * * * *",
        "@daily,    0 0 * * *",
        "@midnight, 0 0 * * *",
        "@weekly,   0 0 * * 0",
        "@monthly,  0 0 1 * *",
        "@yearly,   0 0 1 1 *",
        "@annually, 0 0 1 1 *",
        "@DAILY,    0 0 * * *"})
    void everyNicknameMatchesTheSameMinutesAsItsFiveFieldForm(String nickname, String fields) {
        CronExpression named = cron(nickname);
        CronExpression expanded = cron(fields);
        LocalDateTime t = at("2026-12-27T00:00");
        int matches = 0;
        for (int i = 0; i < 60 * 24 * 400; i++) {
            LocalDateTime m = t.plusMinutes(i);
            assertThat(named.matches(m)).as("%s at %s", nickname, m).isEqualTo(expanded.matches(m));
            matches += named.matches(m) ? 1 : 0;
        }
        assertThat(matches).isPositive();
    }

    @Test
    void hourlyMatchesMinuteZeroOfEveryHourOnly() {
        CronExpression hourly = cron("@hourly");
        assertThat(hourly.matches(at("2026-03-29T02:00"))).isTrue();
        assertThat(hourly.matches(at("2026-03-29T02:01"))).isFalse();
        assertThat(hourly.everyHour()).isTrue();
        assertThat(cron("@daily").everyHour()).isFalse();
    }

    @Test
    void stepsRangesAndListsSelectTheRightMinutesAndHours() {
        CronExpression c = cron("*/15 8-10,14 * * *");
        assertThat(c.minutes()).containsExactly(0, 15, 30, 45);
        assertThat(c.hours()).containsExactly(8, 9, 10, 14);
        assertThat(cron("0-30/10 * * * *").minutes()).containsExactly(0, 10, 20, 30);
        assertThat(cron("5/20 * * * *").minutes()).containsExactly(5, 25, 45);
        assertThat(cron("1,2,59 0 * * *").minutes()).containsExactly(1, 2, 59);
    }

    @Test
    void monthAndWeekdayNamesAreAcceptedInAnyCase() {
        CronExpression c = cron("0 2 * jan-Mar mon-FRI");
        assertThat(c.matches(at("2026-01-05T02:00"))).as("a Monday in January").isTrue();
        assertThat(c.matches(at("2026-01-04T02:00"))).as("a Sunday").isFalse();
        assertThat(c.matches(at("2026-04-06T02:00"))).as("a Monday in April").isFalse();
    }

    @Test
    void sundayIsBothZeroAndSeven() {
        LocalDateTime sunday = at("2026-12-06T00:00");
        assertThat(cron("0 0 * * 7").matches(sunday)).isTrue();
        assertThat(cron("0 0 * * 0").matches(sunday)).isTrue();
        assertThat(cron("0 0 * * SUN").matches(sunday)).isTrue();
        assertThat(cron("0 0 * * 1/2").matchesDay(sunday.toLocalDate())).as("1/2 is Mon, Wed, Fri").isFalse();
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekMatchEitherLikeCronJobs() {
        CronExpression either = cron("0 0 13 * FRI");
        assertThat(either.matchesDay(LocalDate.parse("2026-12-13"))).as("the 13th, a Sunday").isTrue();
        assertThat(either.matchesDay(LocalDate.parse("2026-12-04"))).as("a Friday, the 4th").isTrue();
        assertThat(either.matchesDay(LocalDate.parse("2026-12-05"))).isFalse();
        CronExpression both = cron("0 0 */2 * FRI");
        assertThat(both.matchesDay(LocalDate.parse("2026-12-11"))).as("odd day and Friday").isTrue();
        assertThat(both.matchesDay(LocalDate.parse("2026-12-13"))).as("odd day, Sunday").isTrue();
        CronExpression starInList = cron("0 0 *,5 * FRI");
        assertThat(starInList.matchesDay(LocalDate.parse("2026-12-05"))).as("a * in the list makes it unrestricted").isFalse();
        CronExpression starDom = cron("0 0 * * FRI");
        assertThat(starDom.matchesDay(LocalDate.parse("2026-12-13"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"@every 1h, PT1H", "@every 90m, PT1H30M", "@every 1h30m, PT1H30M", "@every 1.5h, PT1H30M",
        "@every 45s, PT45S", "@every 2h0m10s, PT2H10S", "@every 876600h, PT876600H"})
    void everyTakesGoDurations(String text, String expected) {
        EveryExpression every = (EveryExpression) ScheduleExpression.parse(text);
        assertThat(every.interval()).isEqualTo(Duration.parse(expected));
        assertThat(every.text()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@every", "@every ", "@every1h", "@every 1", "@every h", "@every 1d", "@every -1h",
        "@every 1h 30m", "@every 0s", "@every 876601h", "@every 0.5s"})
    void badEveryFormsFailNamingTheExpression(String text) {
        assertThatThrownBy(() -> ScheduleExpression.parse(text))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageStartingWith("invalid schedule \"" + text.trim() + "\": ")
                .hasMessageContaining("e.g. '0 2 * * *'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotEndWith("null"));
    }

    @Test
    void everyOutOfRangeSaysTheLimits() {
        assertThatThrownBy(() -> ScheduleExpression.parse("@every 0s"))
                .hasMessageContaining("the @every interval must be between 1s and 100 years (876600h)");
        assertThatThrownBy(() -> ScheduleExpression.parse("@every 876601h"))
                .hasMessageContaining("between 1s and 100 years");
        assertThatThrownBy(() -> ScheduleExpression.parse("@every 1d"))
                .hasMessageContaining("\"1d\" is not a duration: write numbers with units h, m, s");
        assertThatThrownBy(() -> ScheduleExpression.parse("@every 1500ms"))
                .hasMessageContaining("the @every interval \"1500ms\" is not a whole number of seconds");
        assertThatThrownBy(() -> ScheduleExpression.parse("@every"))
                .hasMessageContaining("'@every' needs a duration after a space, like '@every 1h30m'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 2 * *          | it has 4 fields, a cron expression has exactly 5",
        "0 2 * * * *      | it has 6 fields, a cron expression has exactly 5",
        "60 2 * * *       | in the minute field, the value 60 is out of range 0-59",
        "0 24 * * *       | in the hour field, the value 24 is out of range 0-23",
        "0 0 0 * *        | in the day-of-month field, the value 0 is out of range 1-31",
        "0 0 * 13 *       | in the month field, the value 13 is out of range 1-12",
        "0 0 * * 8        | in the day-of-week field, the value 8 is out of range 0-7",
        "0 0 * FOO *      | in the month field, \"FOO\" is not a number or a name JAN-DEC",
        "0 0 * * MONDAY   | in the day-of-week field, \"MONDAY\" is not a number or a name SUN-SAT",
        "0 5-2 * * *      | in the hour field, the range \"5-2\" starts after it ends",
        "*/0 * * * *      | in the minute field, the step \"/0\" must be a whole number of at least 1",
        "1,,2 * * * *     | in the minute field, \"\" is not a value, range or step",
        "1-2-3 * * * *    | in the minute field, \"1-2-3\" is not a range like 1-5",
        "0 0 30 2 *       | no month has the day-of-month it asks for, so it would never run",
        "@fortnightly     | \"@fortnightly\" is not a known nickname",
        "TZ=Europe/Paris 0 2 * * * | a time zone prefix is not accepted here; put the zone in the schedule's"
                + " timeZone field (e.g. \"Europe/Paris\") instead"})
    void badCronFailsWithTheExpressionWhatIsWrongAndAnExample(String text, String problem) {
        assertThatThrownBy(() -> ScheduleExpression.parse(text))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("invalid schedule \"" + text + "\": " + problem + "; write 5 cron fields (minute hour"
                        + " day-of-month month day-of-week), a nickname (@hourly @daily @midnight @weekly @monthly"
                        + " @yearly @annually) or '@every <duration>', e.g. '0 2 * * *' (02:00 every day), '@daily'"
                        + " or '@every 6h'");
    }

    @Test
    void emptyOrMissingExpressionFailsClearly() {
        assertThatThrownBy(() -> ScheduleExpression.parse("  ")).hasMessageStartingWith("invalid schedule \"  \": it is empty;");
        assertThatThrownBy(() -> ScheduleExpression.parse(null)).hasMessageStartingWith("invalid schedule \"null\": it is empty;")
                .satisfies(e -> assertThat(e.getMessage()).doesNotEndWith("null"));
    }

    @Test
    void february29IsAcceptedBecauseLeapYearsHaveIt() {
        assertThat(cron("0 0 29 2 *").matchesDay(LocalDate.parse("2028-02-29"))).isTrue();
    }
}

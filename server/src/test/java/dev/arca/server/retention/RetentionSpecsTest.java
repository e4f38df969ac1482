package dev.arca.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.server.resources.RetentionSpec;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RetentionSpecsTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void everyFieldOfTheSpecBecomesTheRuleOfTheSameName() {
        RetentionSpec spec = new RetentionSpec();
        spec.setKeepLast(3);
        spec.setHourly(24);
        spec.setDaily(7);
        spec.setWeekly(4);
        spec.setMonthly(12);
        spec.setYearly(2);
        spec.setMinSuccessful(5);
        spec.setTtl("1d12h");

        assertThat(RetentionSpecs.policy(spec, PARIS))
                .isEqualTo(new RetentionPolicy(3, 24, 7, 4, 12, 2, 5, Duration.ofHours(36), PARIS));
    }

    @Test
    void unsetFieldsAreRulesOffAndAnUnsetSpecKeepsEverything() {
        RetentionSpec onlyDaily = new RetentionSpec();
        onlyDaily.setDaily(7);

        RetentionPolicy policy = RetentionSpecs.policy(onlyDaily, PARIS);

        assertThat(policy).isEqualTo(RetentionPolicy.in(PARIS).keep(GfsPeriod.DAILY, 7).build());
        assertThat(policy.ttl()).isNull();
        assertThat(RetentionSpecs.policy(null, PARIS).keepsEverything()).isTrue();
        assertThat(RetentionSpecs.policy(new RetentionSpec(), PARIS).keepsEverything()).isTrue();
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsField() {
        RetentionSpec spec = new RetentionSpec();
        spec.setDaily(-1);
        spec.setMinSuccessful(-2);
        spec.setTtl("7 days");

        assertThat(RetentionSpecs.problems(spec, PARIS)).containsExactly(
                "ttl \"7 days\" is not a duration; write whole days, hours, minutes or seconds such as 720h, 30d or 1h30m",
                "daily is -1: a count must be 0 (rule off) or more",
                "minSuccessful is -2: a count must be 0 (rule off) or more");
        assertThatThrownBy(() -> RetentionSpecs.policy(spec, PARIS))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageStartingWith("invalid retention: ttl \"7 days\"")
                .hasMessageContaining("daily is -1")
                .hasMessageEndingWith("fix the schedule's spec.retention and apply it again");
    }

    @Test
    void aZeroTtlAnOverlongOneAndAMissingZoneAreProblems() {
        RetentionSpec zero = new RetentionSpec();
        zero.setTtl("0h");
        assertThat(RetentionSpecs.problems(zero, PARIS)).singleElement().asString().startsWith("ttl is PT0S: it must be positive");

        RetentionSpec overlong = new RetentionSpec();
        overlong.setTtl("36501d");
        assertThat(RetentionSpecs.problems(overlong, PARIS)).singleElement().asString().contains("longer than 100 years");

        assertThat(RetentionSpecs.problems(null, null)).singleElement().asString().startsWith("time zone is missing");
    }

    @Test
    void ttlReadsEveryUnitAndRefusesAnythingElse() {
        assertThat(RetentionSpecs.ttl("720h")).isEqualTo(Duration.ofDays(30));
        assertThat(RetentionSpecs.ttl("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(RetentionSpecs.ttl("1h30m15s")).isEqualTo(Duration.ofSeconds(5415));
        for (String bad : new String[] {"", "h", "10", "1.5h", "-1h", "1w", "1h 30m"}) {
            assertThatThrownBy(() -> RetentionSpecs.ttl(bad)).as(bad).isInstanceOf(ArcaException.InvalidInput.class);
        }
    }
}

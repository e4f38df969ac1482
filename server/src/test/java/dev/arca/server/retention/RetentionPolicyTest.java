package dev.arca.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    @Test
    void validationReportsEveryProblemAtOnce() {
        assertThat(RetentionPolicy.problems(-1, 0, -2, 0, 0, -3, -4, Duration.ofHours(-1), null)).containsExactly(
                "keepLast is -1: a count must be 0 (rule off) or more",
                "daily is -2: a count must be 0 (rule off) or more",
                "yearly is -3: a count must be 0 (rule off) or more",
                "minSuccessful is -4: a count must be 0 (rule off) or more",
                "ttl is PT-1H: it must be positive (leave it unset for no ttl)",
                "time zone is missing: set one (e.g. UTC or Europe/Paris) to cut days, weeks, months and years");
    }

    @Test
    void anInvalidPolicyCannotBeBuiltAndTheMessageSaysWhatToFix() {
        assertThatThrownBy(() -> RetentionPolicy.in(ZoneOffset.UTC).keepLast(-1).ttl(Duration.ZERO).build())
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("invalid retention policy: keepLast is -1: a count must be 0 (rule off) or more; "
                        + "ttl is PT0S: it must be positive (leave it unset for no ttl); "
                        + "fix the schedule's retention and apply it again");
    }

    @Test
    void countRulesAreKeepLastAndGfsButNotMinSuccessful() {
        RetentionPolicy minOnly = RetentionPolicy.in(ZoneOffset.UTC).minSuccessful(3).build();
        assertThat(minOnly.hasCountRule()).isFalse();
        assertThat(minOnly.keepsEverything()).isTrue();
        RetentionPolicy weekly = RetentionPolicy.in(ZoneOffset.UTC).keep(GfsPeriod.WEEKLY, 4).build();
        assertThat(weekly.hasCountRule()).isTrue();
        assertThat(weekly.gfs()).containsOnlyKeys(GfsPeriod.WEEKLY).containsEntry(GfsPeriod.WEEKLY, 4);
        assertThat(RetentionPolicy.in(ZoneOffset.UTC).ttl(Duration.ofDays(1)).build().keepsEverything()).isFalse();
    }

    @Test
    void ttlIsShownInItsLargestWholeUnit() {
        assertThat(RetentionPlanner.format(Duration.ofDays(30))).isEqualTo("720h");
        assertThat(RetentionPlanner.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(RetentionPlanner.format(Duration.ofSeconds(45))).isEqualTo("45s");
    }
}

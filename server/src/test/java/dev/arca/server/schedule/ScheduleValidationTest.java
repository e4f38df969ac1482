package dev.arca.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScheduleValidationTest {

    @Test
    void aValidScheduleHasNoProblems() {
        assertThat(ScheduleValidation.problems("nightly", "0 2 * * *", "Europe/Paris", 600L, "Replace")).isEmpty();
        assertThat(ScheduleValidation.problems("nightly", "@every 6h", null, null, null)).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(ScheduleValidation.problems("Nightly", "0 25 * * *", "Mars/Olympus", -1L, "Queue"))
                .hasSize(5)
                .satisfiesExactly(
                        p -> assertThat(p).startsWith("schedule name \"Nightly\" is not a valid Kubernetes name"),
                        p -> assertThat(p).startsWith("invalid schedule \"0 25 * * *\": in the hour field, the value 25"
                                + " is out of range 0-23;"),
                        p -> assertThat(p).isEqualTo("unknown time zone \"Mars/Olympus\": use an IANA zone name such as"
                                + " \"Europe/Paris\", \"America/New_York\" or \"UTC\""),
                        p -> assertThat(p).startsWith("unknown concurrencyPolicy \"Queue\""),
                        p -> assertThat(p).isEqualTo("startingDeadlineSeconds is -1; it must be 0 or more (seconds a"
                                + " missed run may still start late), or left out for no limit"));
    }
}

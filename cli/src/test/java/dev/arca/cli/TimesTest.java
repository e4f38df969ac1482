package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {
    private static final Instant STARTED = Instant.parse("2026-11-23T17:24:22.551275022Z");

    @Test
    void instantsAreShownToTheSecondInUtcAsVeleroPrintsThem() {
        assertThat(Times.at(STARTED)).isEqualTo("2026-11-23 17:24:22 +0000 UTC");
        assertThat(Times.at(null)).isEqualTo("<n/a>");
    }

    @Test
    void completionCarriesHowLongTheRunTook() {
        assertThat(Times.completed(STARTED, STARTED.plusMillis(783))).isEqualTo("2026-11-23 17:24:23 +0000 UTC (took 0.8s)");
        assertThat(Times.completed(null, STARTED)).isEqualTo("2026-11-23 17:24:22 +0000 UTC");
        assertThat(Times.completed(STARTED, null)).isEqualTo("<n/a>");
    }

    @Test
    void lengthsUseTheLargestUnitsThatKeepThemShort() {
        assertThat(Times.took(Duration.ofMillis(9_949))).isEqualTo("9.9s");
        assertThat(Times.took(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Times.took(Duration.ofSeconds(185))).isEqualTo("3m5s");
        assertThat(Times.took(Duration.ofMinutes(130).plusSeconds(59))).isEqualTo("2h10m");
        assertThat(Times.took(Duration.ofSeconds(-3))).as("a clock that stepped back").isEqualTo("0.0s");
    }
}

package dev.arca.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.server.schedule.ConcurrencyPolicy.Action;
import org.junit.jupiter.api.Test;

class ConcurrencyPolicyTest {

    @Test
    void defaultIsForbidAndSpecNamesAreCaseInsensitive() {
        assertThat(ConcurrencyPolicy.fromSpec(null)).isEqualTo(ConcurrencyPolicy.FORBID);
        assertThat(ConcurrencyPolicy.fromSpec(" ")).isEqualTo(ConcurrencyPolicy.FORBID);
        assertThat(ConcurrencyPolicy.fromSpec("Allow")).isEqualTo(ConcurrencyPolicy.ALLOW);
        assertThat(ConcurrencyPolicy.fromSpec("replace")).isEqualTo(ConcurrencyPolicy.REPLACE);
        assertThat(ConcurrencyPolicy.REPLACE.specName()).isEqualTo("Replace");
    }

    @Test
    void unknownPolicyFailsListingTheValidOnes() {
        assertThatThrownBy(() -> ConcurrencyPolicy.fromSpec("Queue"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("unknown concurrencyPolicy \"Queue\": use Forbid (the default), Allow or Replace");
    }

    @Test
    void everyPolicyStartsWhenNothingIsRunning() {
        for (ConcurrencyPolicy policy : ConcurrencyPolicy.values()) {
            assertThat(policy.decide("nightly", null).action()).isEqualTo(Action.START);
        }
    }

    @Test
    void forbidSkipsAndSaysWhichBackupIsStillRunning() {
        ConcurrencyPolicy.Decision d = ConcurrencyPolicy.FORBID.decide("nightly", "nightly-20261205020000");
        assertThat(d.action()).isEqualTo(Action.SKIP);
        assertThat(d.reason()).isEqualTo("skipped this run of schedule \"nightly\": backup \"nightly-20261205020000\""
                + " is still running and concurrencyPolicy is Forbid; set it to Allow or Replace to change this");
    }

    @Test
    void allowStartsBesideTheRunningBackup() {
        assertThat(ConcurrencyPolicy.ALLOW.decide("nightly", "nightly-20261205020000").action()).isEqualTo(Action.START);
    }

    @Test
    void replaceCancelsTheRunningBackupThenStarts() {
        ConcurrencyPolicy.Decision d = ConcurrencyPolicy.REPLACE.decide("nightly", "nightly-20261205020000");
        assertThat(d.action()).isEqualTo(Action.CANCEL_RUNNING_THEN_START);
        assertThat(d.reason()).isEqualTo("cancelling backup \"nightly-20261205020000\" to start this run of schedule"
                + " \"nightly\" (concurrencyPolicy Replace)");
    }
}

package dev.arca.fleet.members;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.fleet.resources.MemberClusterStatus;
import dev.arca.fleet.resources.ObjectRef;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemberConditionsTest {
    static final Instant T0 = Instant.parse("2026-12-06T04:00:00Z");
    static final Probe UP = new Probe(true, "v1.20.2", null);
    static final Probe DOWN = new Probe(false, null, "GET /version to https://m:6443/ failed: ConnectException");

    @Test
    void aFirstReachableProbeMakesReadyTrueUnreachableFalseAndSetsLastSeen() {
        MemberClusterStatus s = MemberConditions.next(null, UP, T0, 3);

        assertThat(cond(s, "Ready").getStatus()).isEqualTo("True");
        assertThat(cond(s, "Ready").getReason()).isEqualTo("MemberReachable");
        assertThat(cond(s, "Unreachable").getStatus()).isEqualTo("False");
        assertThat(cond(s, "Ready").getLastTransitionTime()).isEqualTo("2026-12-06T04:00:00Z");
        assertThat(s.lastSeen).isEqualTo("2026-12-06T04:00:00Z");
        assertThat(s.kubernetesVersion).isEqualTo("v1.20.2");
        assertThat(s.observedGeneration).isEqualTo(3L);
    }

    @Test
    void theSameStatusKeepsTransitionTimeReasonAndMessageButMovesLastSeen() {
        MemberClusterStatus first = MemberConditions.next(null, UP, T0, 1);
        MemberClusterStatus second = MemberConditions.next(first, new Probe(true, "v1.20.3", null), T0.plusSeconds(30), 2);

        assertThat(cond(second, "Ready").getLastTransitionTime()).isEqualTo("2026-12-06T04:00:00Z");
        assertThat(cond(second, "Ready").getMessage()).isEqualTo(cond(first, "Ready").getMessage());
        assertThat(cond(second, "Ready").getObservedGeneration()).isEqualTo(2L);
        assertThat(second.lastSeen).isEqualTo("2026-12-06T04:00:30Z");
        assertThat(second.kubernetesVersion).isEqualTo("v1.20.3");
    }

    @Test
    void goingUnreachableFlipsBothConditionsKeepsLastSeenAndTheErrorIsTheMessage() {
        MemberClusterStatus up = MemberConditions.next(null, UP, T0, 1);
        MemberClusterStatus down = MemberConditions.next(up, DOWN, T0.plusSeconds(60), 1);
        MemberClusterStatus stillDown = MemberConditions.next(down,
                new Probe(false, null, "GET /version to https://m:6443/ got no answer within 2000 ms (TimeoutException)"),
                T0.plusSeconds(120), 1);

        assertThat(cond(down, "Ready").getStatus()).isEqualTo("False");
        assertThat(cond(down, "Unreachable").getStatus()).isEqualTo("True");
        assertThat(cond(down, "Unreachable").getReason()).isEqualTo("MemberUnreachable");
        assertThat(cond(down, "Unreachable").getMessage()).isEqualTo(DOWN.error());
        assertThat(cond(down, "Unreachable").getLastTransitionTime()).isEqualTo("2026-12-06T04:01:00Z");
        assertThat(down.lastSeen).isEqualTo("2026-12-06T04:00:00Z");
        assertThat(down.kubernetesVersion).isEqualTo("v1.20.2");
        assertThat(cond(stillDown, "Unreachable").getLastTransitionTime()).isEqualTo("2026-12-06T04:01:00Z");
        assertThat(cond(stillDown, "Unreachable").getMessage()).isEqualTo(DOWN.error());
        assertThat(stillDown.lastSeen).isEqualTo("2026-12-06T04:00:00Z");
    }

    @Test
    void orphansAndOtherConditionsAreCarriedOverAndThePreviousStatusIsNotChanged() {
        MemberClusterStatus prev = MemberConditions.next(null, UP, T0, 1);
        ObjectRef orphan = new ObjectRef();
        prev.orphans.add(orphan);
        Condition other = new ConditionBuilder().withType("AgentConnected").withStatus("True").withReason("Lease").build();
        prev.conditions.add(other);

        MemberClusterStatus next = MemberConditions.next(prev, DOWN, T0.plusSeconds(5), 1);

        assertThat(next.orphans).containsExactly(orphan);
        assertThat(cond(next, "AgentConnected")).isEqualTo(other);
        assertThat(cond(prev, "Ready").getStatus()).isEqualTo("True");
        assertThat(next.conditions).hasSize(3);
    }

    private static Condition cond(MemberClusterStatus s, String type) {
        return s.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }
}

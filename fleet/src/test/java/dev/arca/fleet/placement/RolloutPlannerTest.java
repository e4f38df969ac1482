package dev.arca.fleet.placement;

import static dev.arca.fleet.placement.Fixtures.byCell;
import static dev.arca.fleet.placement.Fixtures.mask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.Rollout;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutPlannerTest {
    private static final Instant T0 = Instant.parse("2026-12-06T05:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final List<Placed> TARGETS = List.of(byCell("a/c1", "rz01"), byCell("a/c1", "rz02"),
            byCell("a/c2", "rz03"), byCell("a/c2", "rz04"));

    private static Rollout canaryThenHalf(boolean rollback) {
        var r = new Rollout();
        r.steps.add(mask(List.of("rz01"), List.of(), null));
        r.steps.add(mask(List.of(), List.of("c1"), null));
        r.healthTimeout = "30s";
        r.rollbackOnFailure = rollback;
        return r;
    }

    private static RolloutPlan plan(Rollout r, BindingStatus.RolloutStatus current, Map<String, Observed> observed,
            Instant now) {
        return RolloutPlanner.plan(r, current, "new", "old", TARGETS, observed, TIMEOUT, now);
    }

    private static Map<String, Observed> holding(String health, String... keys) {
        Map<String, Observed> m = new HashMap<>();
        for (Placed t : TARGETS) {
            m.put(t.key(), new Observed("old", Observed.HEALTHY));
        }
        for (String k : keys) {
            m.put(k, new Observed("new", health));
        }
        return m;
    }

    private static Map<String, String> expect(String... newKeys) {
        Map<String, String> m = new HashMap<>();
        TARGETS.forEach(t -> m.put(t.key(), "old"));
        for (String k : newKeys) {
            m.put(k, "new");
        }
        return m;
    }

    @Test
    void withoutStepsEveryTargetGetsTheNewTemplateAtOnce() {
        RolloutPlan p = RolloutPlanner.plan(new Rollout(), null, "new", "old", TARGETS, Map.of(), TIMEOUT, T0);
        assertThat(p.desired()).isEqualTo(expect("a/c1#rz01", "a/c1#rz02", "a/c2#rz03", "a/c2#rz04"));
        assertThat(p.status().state).isEqualTo("Complete");
        assertThat(p.events()).hasSize(1);
        RolloutPlan again = RolloutPlanner.plan(null, p.status(), "new", "old", TARGETS, Map.of(), TIMEOUT,
                T0.plusSeconds(60));
        assertThat(again.events()).isEmpty();
        // nothing changed, so the status stays the same and the hub has nothing to patch
        assertThat(again.status()).usingRecursiveComparison().isEqualTo(p.status());
    }

    @Test
    void theFirstVersionGoesEverywhereEvenWithSteps() {
        RolloutPlan p = RolloutPlanner.plan(canaryThenHalf(false), null, "new", null, TARGETS, Map.of(), TIMEOUT, T0);
        assertThat(p.desired()).containsOnlyKeys("a/c1#rz01", "a/c1#rz02", "a/c2#rz03", "a/c2#rz04")
                .allSatisfy((k, v) -> assertThat(v).isEqualTo("new"));
        assertThat(p.status().state).isEqualTo("Complete");
    }

    @Test
    void aNewTemplateStartsOnTheFirstStepsMaskOnly() {
        RolloutPlan p = plan(canaryThenHalf(false), null, Map.of(), T0);
        assertThat(p.desired()).isEqualTo(expect("a/c1#rz01"));
        assertThat(p.status().state).isEqualTo("Progressing");
        assertThat(p.status().step).isZero();
        assertThat(p.status().stepStarted).isEqualTo(T0.toString());
        assertThat(p.status().templateHash).isEqualTo("new");
        assertThat(p.status().previousTemplateHash).isEqualTo("old");
        assertThat(p.events()).singleElement().asString().contains("step 1 of 2").contains("[a/c1#rz01]");
    }

    @Test
    void aHealthyStepWidensToTheNextAndTheLastCompletes() {
        Rollout r = canaryThenHalf(false);
        RolloutPlan s0 = plan(r, null, Map.of(), T0);
        RolloutPlan waiting = plan(r, s0.status(), holding("Progressing", "a/c1#rz01"), T0.plusSeconds(10));
        assertThat(waiting.status().step).isZero();
        assertThat(waiting.events()).isEmpty();
        RolloutPlan s1 = plan(r, waiting.status(), holding("Healthy", "a/c1#rz01"), T0.plusSeconds(20));
        assertThat(s1.status().step).isEqualTo(1);
        assertThat(s1.status().stepStarted).isEqualTo(T0.plusSeconds(20).toString());
        assertThat(s1.desired()).isEqualTo(expect("a/c1#rz01", "a/c1#rz02"));
        assertThat(s1.events()).singleElement().asString().contains("step 1 of 2 is healthy");
        RolloutPlan done = plan(r, s1.status(), holding("Healthy", "a/c1#rz01", "a/c1#rz02"), T0.plusSeconds(40));
        assertThat(done.status().state).isEqualTo("Complete");
        assertThat(done.desired()).isEqualTo(expect("a/c1#rz01", "a/c1#rz02", "a/c2#rz03", "a/c2#rz04"));
    }

    @Test
    void anUnhealthyTargetHaltsTheRolloutWhereItIs() {
        Rollout r = canaryThenHalf(false);
        RolloutPlan s0 = plan(r, null, Map.of(), T0);
        RolloutPlan halted = plan(r, s0.status(), holding("Unhealthy", "a/c1#rz01"), T0.plusSeconds(5));
        assertThat(halted.status().state).isEqualTo("Halted");
        assertThat(halted.desired()).isEqualTo(expect("a/c1#rz01"));
        assertThat(halted.events()).singleElement().asString().contains("halted").contains("step 1 of 2")
                .contains("[a/c1#rz01]").contains("Unhealthy");
        assertThat(halted.status().message).isEqualTo(halted.events().get(0));
    }

    @Test
    void aStepNotHealthyWithinTheHealthTimeoutHalts() {
        Rollout r = canaryThenHalf(false);
        RolloutPlan s0 = plan(r, null, Map.of(), T0);
        Map<String, Observed> slow = holding("Progressing", "a/c1#rz01");
        assertThat(plan(r, s0.status(), slow, T0.plusSeconds(30)).status().state).isEqualTo("Progressing");
        RolloutPlan late = plan(r, s0.status(), slow, T0.plusSeconds(31));
        assertThat(late.status().state).isEqualTo("Halted");
        assertThat(late.events()).singleElement().asString().contains("within PT30S").contains("[a/c1#rz01]");
    }

    @Test
    void withRollbackOnFailureEveryTargetGetsThePreviousTemplateBack() {
        Rollout r = canaryThenHalf(true);
        RolloutPlan s0 = plan(r, null, Map.of(), T0);
        RolloutPlan s1 = plan(r, s0.status(), holding("Healthy", "a/c1#rz01"), T0.plusSeconds(5));
        RolloutPlan back = plan(r, s1.status(), holding("Unhealthy", "a/c1#rz01", "a/c1#rz02"), T0.plusSeconds(9));
        assertThat(back.status().state).isEqualTo("RolledBack");
        assertThat(back.status().step).isEqualTo(1);
        assertThat(back.desired()).isEqualTo(expect());
        assertThat(back.events()).singleElement().asString().contains("rolled back to old").contains("step 2 of 2");
    }

    @Test
    void haltedAndRolledBackStayUntilANewTemplateStartsOver() {
        for (boolean rollback : List.of(false, true)) {
            Rollout r = canaryThenHalf(rollback);
            RolloutPlan s0 = plan(r, null, Map.of(), T0);
            RolloutPlan stopped = plan(r, s0.status(), holding("Unhealthy", "a/c1#rz01"), T0.plusSeconds(5));
            RolloutPlan later = plan(r, stopped.status(), holding("Healthy", "a/c1#rz01"), T0.plusSeconds(60));
            assertThat(later.status().state).isEqualTo(stopped.status().state);
            assertThat(later.desired()).isEqualTo(stopped.desired());
            assertThat(later.events()).isEmpty();
            RolloutPlan fixed = RolloutPlanner.plan(r, later.status(), "fixed", "old", TARGETS, Map.of(), TIMEOUT,
                    T0.plusSeconds(70));
            assertThat(fixed.status().state).isEqualTo("Progressing");
            assertThat(fixed.status().step).isZero();
            assertThat(fixed.desired()).containsEntry("a/c1#rz01", "fixed").containsEntry("a/c1#rz02", "old");
        }
    }

    @Test
    void anUnhealthyTargetStillOnThePreviousTemplateDoesNotHalt() {
        Rollout r = canaryThenHalf(false);
        RolloutPlan s0 = plan(r, null, Map.of(), T0);
        Map<String, Observed> observed = holding("Healthy");
        observed.put("a/c1#rz01", new Observed("old", Observed.UNHEALTHY));
        assertThat(plan(r, s0.status(), observed, T0.plusSeconds(5)).status().state).isEqualTo("Progressing");
    }

    @Test
    void completeStaysCompleteAndATargetAddedLaterGetsTheNewTemplate() {
        Rollout r = canaryThenHalf(false);
        var complete = new BindingStatus.RolloutStatus();
        complete.templateHash = "new";
        complete.previousTemplateHash = "old";
        complete.state = "Complete";
        List<Placed> more = List.of(TARGETS.get(0), byCell("a/c9", "rz09"));
        RolloutPlan p = RolloutPlanner.plan(r, complete, "new", "old", more, Map.of(), TIMEOUT, T0);
        assertThat(p.status().state).isEqualTo("Complete");
        assertThat(p.desired()).containsExactlyInAnyOrderEntriesOf(Map.of("a/c1#rz01", "new", "a/c9#rz09", "new"));
        assertThat(p.events()).isEmpty();
    }

    @Test
    void goDurationsParseAndBadTextIsAClearError() {
        assertThat(RolloutPlanner.parseDuration("10m", null)).isEqualTo(Duration.ofMinutes(10));
        assertThat(RolloutPlanner.parseDuration("30s", null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RolloutPlanner.parseDuration("1h30m", null)).isEqualTo(Duration.ofMinutes(90));
        assertThat(RolloutPlanner.parseDuration("500ms", null)).isEqualTo(Duration.ofMillis(500));
        assertThat(RolloutPlanner.parseDuration("1.5h", null)).isEqualTo(Duration.ofMinutes(90));
        assertThat(RolloutPlanner.parseDuration("0", null)).isEqualTo(Duration.ZERO);
        assertThat(RolloutPlanner.parseDuration(null, TIMEOUT)).isEqualTo(TIMEOUT);
        assertThat(RolloutPlanner.parseDuration(" ", TIMEOUT)).isEqualTo(TIMEOUT);
        for (String bad : List.of("5", "5 m", "m", "-5m", "5d", "1h30", "PT5M")) {
            assertThatThrownBy(() -> RolloutPlanner.parseDuration(bad, TIMEOUT))
                    .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("'" + bad + "'");
        }
    }
}

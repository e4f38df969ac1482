package dev.arca.fleet.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.Rollout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Drives the planner through random rollouts (random targets, random step masks, random health
 * reported by the targets that hold the new template, random time passing) and checks after every
 * round that the new template is only where the masks of the steps reached so far allow.
 */
class RolloutPropertiesTest {
    private static final Instant T0 = Instant.parse("2026-12-06T05:00:00Z");
    private static final List<String> BAD_HEALTH = List.of("Progressing", "Unhealthy", "Unknown");
    private static final List<String> ANY_HEALTH = List.of("Healthy", "Healthy", "Progressing", "Unhealthy", "Unknown");

    @Test
    void whileNotCompleteATargetOutsideTheReachedMasksNeverGetsTheNewTemplate() {
        qt().withExamples(500).forAll(longs().all(), booleans().all())
                .checkAssert((seed, rollback) -> simulate(new Random(seed), rollback, ANY_HEALTH, "seed " + seed));
    }

    @Test
    void aBadTemplateNeverReachesMoreThanTheFirstNonEmptyStepsMask() {
        qt().withExamples(500).forAll(longs().all(), booleans().all()).checkAssert((seed, rollback) -> {
            Random random = new Random(seed);
            Scenario s = Scenario.random(random, rollback);
            Set<String> everNew = run(s, random, BAD_HEALTH, "seed " + seed);
            int first = 0;
            while (first < s.rollout.steps.size() && Masks.apply(s.rollout.steps.get(first), s.targets).isEmpty()) {
                first++;
            }
            Set<String> allowed = first == s.rollout.steps.size() ? keys(s.targets) : masked(s, first);
            assertThat(allowed).as("seed " + seed).containsAll(everNew);
        });
    }

    private static void simulate(Random random, boolean rollback, List<String> health, String context) {
        run(Scenario.random(random, rollback), random, health, context);
    }

    /** Runs up to 12 rounds; returns every target that was ever told to hold the new template. */
    private static Set<String> run(Scenario s, Random random, List<String> health, String context) {
        Map<String, String> held = new HashMap<>();
        s.targets.forEach(t -> held.put(t.key(), "old"));
        BindingStatus.RolloutStatus status = null;
        Instant now = T0;
        Set<String> everNew = new TreeSet<>();
        String before = null;
        for (int round = 0; round < 12; round++) {
            Map<String, Observed> observed = new HashMap<>();
            held.forEach((k, hash) -> observed.put(k, "new".equals(hash)
                    ? new Observed("new", health.get(random.nextInt(health.size())))
                    : new Observed("old", Observed.HEALTHY)));
            RolloutPlan plan = RolloutPlanner.plan(s.rollout, status, "new", "old", s.targets, observed,
                    Duration.ofMinutes(5), now);
            status = plan.status();
            Set<String> withNew = new TreeSet<>();
            plan.desired().forEach((k, hash) -> {
                if ("new".equals(hash)) {
                    withNew.add(k);
                }
            });
            String at = context + ", round " + round + ", " + status.state + " at step " + status.step;
            if (!"Complete".equals(status.state)) {
                assertThat(masked(s, status.step)).as(at).containsAll(withNew);
            }
            if ("RolledBack".equals(status.state)) {
                assertThat(withNew).as(at).isEmpty();
            }
            if ("Halted".equals(before) || "RolledBack".equals(before)) {
                assertThat(status.state).as(at).isEqualTo(before);
            }
            before = status.state;
            everNew.addAll(withNew);
            // a target holds what it was told to hold, or (one round late) still the old one
            plan.desired().forEach((k, hash) -> held.put(k, random.nextInt(4) == 0 ? held.get(k) : hash));
            now = now.plusSeconds(random.nextInt(25));
        }
        return everNew;
    }

    private static Set<String> masked(Scenario s, int step) {
        Set<String> keys = new TreeSet<>();
        for (int i = 0; i <= step && i < s.rollout.steps.size(); i++) {
            keys.addAll(keys(Masks.apply(s.rollout.steps.get(i), s.targets)));
        }
        return keys;
    }

    private static Set<String> keys(List<Placed> placed) {
        Set<String> keys = new TreeSet<>();
        placed.forEach(p -> keys.add(p.key()));
        return keys;
    }

    /** Targets on up to 4 members and 8 cells, and 1 to 4 steps of random masks. */
    private record Scenario(List<Placed> targets, Rollout rollout) {
        static Scenario random(Random random, boolean rollback) {
            List<Placed> targets = new ArrayList<>();
            int n = 1 + random.nextInt(8);
            for (int i = 0; i < n; i++) {
                String cluster = "t/c" + random.nextInt(4);
                targets.add(random.nextBoolean() ? new Placed(cluster, "rz" + i, Map.of(), null)
                        : new Placed(cluster + i, null, Map.of(), null));
            }
            var r = new Rollout();
            r.healthTimeout = "30s";
            r.rollbackOnFailure = rollback;
            int steps = 1 + random.nextInt(4);
            for (int i = 0; i < steps; i++) {
                r.steps.add(mask(random));
            }
            return new Scenario(List.copyOf(targets), r);
        }

        private static Rollout.Mask mask(Random random) {
            var m = new Rollout.Mask();
            for (int i = 0; i < 8; i++) {
                if (random.nextInt(4) == 0) {
                    m.cells.add("rz" + i);
                }
            }
            for (int i = 0; i < 4; i++) {
                if (random.nextInt(5) == 0) {
                    m.clusters.add("c" + i);
                }
            }
            m.percent = random.nextBoolean() ? null : random.nextInt(101);
            return m;
        }
    }
}

package dev.arca.fleet.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.Rollout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * For random members (some unreachable, for shorter or longer than the grace), random static
 * weights and random replica counts, Divided shares always sum to the object's replicas, do not
 * depend on the order members are listed in, give nothing to a member gone past the grace while a
 * reachable target can take it, and treat a short disconnect exactly as no disconnect. Masks keep
 * exactly the rounded-up share of what their fields let through.
 */
class PlacementPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(5);

    @Test
    void dividedSharesSumToTheReplicasAndMoveOnlyAwayFromMembersGonePastTheGrace() {
        qt().withExamples(500).forAll(longs().all(), integers().between(0, 1000)).checkAssert((seed, replicas) -> {
            Random random = new Random(seed);
            List<Member> members = members(random);
            Placement p = weights(random, members.size());
            String context = "seed " + seed + ", " + replicas + " replicas";
            Decision d = Scheduler.place(p, new Topology(members, List.of()), replicas, GRACE, NOW);
            assertThat(d.targets()).as(context).hasSize(members.size());
            int sum = d.targets().stream().mapToInt(Placed::replicas).sum();
            boolean anyWeight = members.stream().anyMatch(m -> weightOf(p, m) > 0);
            assertThat(sum).as(context).isEqualTo(anyWeight ? replicas : 0);

            List<Member> shuffled = new ArrayList<>(members);
            Collections.shuffle(shuffled, random);
            assertThat(Scheduler.place(p, new Topology(shuffled, List.of()), replicas, GRACE, NOW))
                    .as(context).isEqualTo(d);

            List<Member> shortOnly = members.stream().map(m -> ReplicaShares.goneLongerThan(m, GRACE, NOW) ? m
                    : new Member(m.namespace(), m.name(), m.labels(), true, null)).toList();
            assertThat(Scheduler.place(p, new Topology(shortOnly, List.of()), replicas, GRACE, NOW))
                    .as(context + ": a short disconnect changes nothing").isEqualTo(d);

            boolean reachableTakes = members.stream().anyMatch(m -> !ReplicaShares.goneLongerThan(m, GRACE, NOW)
                    && weightOf(p, m) > 0);
            for (Member m : members) {
                if (reachableTakes && ReplicaShares.goneLongerThan(m, GRACE, NOW)) {
                    assertThat(replicasOf(d, m)).as(context + ": " + m.key() + " is gone").isZero();
                }
            }
        });
    }

    @Test
    void aMaskKeepsTheRoundedUpPercentOfWhatItsFieldsLetThrough() {
        qt().withExamples(500).forAll(longs().all(), integers().between(0, 100)).checkAssert((seed, percent) -> {
            Random random = new Random(seed);
            List<Placed> targets = new ArrayList<>();
            for (int i = random.nextInt(10); i > 0; i--) {
                targets.add(new Placed("ns/c" + random.nextInt(4), "rz" + targets.size(), Map.of(), null));
            }
            var mask = new Rollout.Mask();
            mask.clusters = new ArrayList<>(random.nextBoolean() ? List.of() : List.of("c" + random.nextInt(4)));
            mask.cells = new ArrayList<>(random.nextBoolean() ? List.of() : List.of("rz0", "rz2", "rz4"));
            mask.percent = percent;
            long eligible = targets.stream().filter(t -> (mask.clusters.isEmpty() || mask.clusters.contains(t.memberName()))
                    && (mask.cells.isEmpty() || mask.cells.contains(t.cell()))).count();
            List<Placed> kept = Masks.apply(mask, targets);
            assertThat(kept).as("seed " + seed).hasSize((int) Math.ceil(eligible * percent / 100.0));
            assertThat(targets).containsAll(kept);
            assertThat(kept).allSatisfy(t -> assertThat(mask.cells.isEmpty() || mask.cells.contains(t.cell())).isTrue());
        });
    }

    private static List<Member> members(Random random) {
        List<Member> members = new ArrayList<>();
        for (int i = 1 + random.nextInt(7); i > 0; i--) {
            String name = "m" + members.size();
            int state = random.nextInt(4);
            Instant since = NOW.minus(Duration.ofSeconds(state == 1 ? random.nextInt(301) : 301 + random.nextInt(3600)));
            members.add(state == 1 || state == 2
                    ? new Member("ns", name, Map.of("w", "" + random.nextInt(3)), false, since)
                    : Member.reachable("ns", name, Map.of("w", "" + random.nextInt(3))));
        }
        return members;
    }

    private static Placement weights(Random random, int members) {
        var p = new Placement();
        p.replicaScheduling = new Placement.ReplicaScheduling();
        p.replicaScheduling.replicaSchedulingType = Placement.ReplicaScheduling.SchedulingType.Divided;
        p.replicaScheduling.weightPreference = new Placement.WeightPreference();
        for (int i = random.nextInt(4); i > 0; i--) {
            var w = new Placement.StaticWeight();
            w.targetCluster = new Placement.ClusterAffinity();
            w.targetCluster.clusterNames.add("m" + random.nextInt(members));
            w.weight = random.nextInt(5);
            p.replicaScheduling.weightPreference.staticWeightList.add(w);
        }
        return p;
    }

    private static long weightOf(Placement p, Member m) {
        List<Placement.StaticWeight> rules = p.replicaScheduling.weightPreference.staticWeightList;
        if (rules.isEmpty()) {
            return 1;
        }
        return rules.stream().filter(w -> w.targetCluster.clusterNames.contains(m.name()))
                .findFirst().map(w -> w.weight).orElse(0L);
    }

    private static int replicasOf(Decision d, Member m) {
        return d.targets().stream().filter(t -> t.cluster().equals(m.key())).findFirst().orElseThrow().replicas();
    }
}

package dev.arca.fleet.placement;

import dev.arca.api.ArcaException;
import dev.arca.fleet.resources.Placement;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Shares an object's replicas among its targets. Duplicated: every target runs them all. Divided:
 * by static weights, largest remainder, so the shares sum to exactly the object's replicas; a member
 * unreachable for longer than the grace weighs nothing (its share moves, it stays a target).
 */
final class ReplicaShares {
    private ReplicaShares() {
    }

    static List<Placed> assign(Placement.ReplicaScheduling scheduling, List<Placed> targets, List<Member> members,
            Integer replicas, Duration grace, Instant now, List<String> warnings) {
        boolean divided = scheduling != null
                && scheduling.replicaSchedulingType == Placement.ReplicaScheduling.SchedulingType.Divided;
        if (replicas == null || !divided) {
            return targets.stream().map(t -> t.withReplicas(replicas)).toList();
        }
        if (replicas < 0) {
            throw new ArcaException.InvalidInput("the object has " + replicas
                    + " replicas; Divided scheduling needs 0 or more");
        }
        List<Placed> sorted = targets.stream().sorted(Comparator.comparing(Placed::key)).toList();
        Map<String, Member> byKey = members.stream().collect(Collectors.toMap(Member::key, Function.identity(), (first, again) -> first));
        long[] weights = weights(scheduling.weightPreference, sorted, byKey);
        failover(weights, sorted, byKey, grace, now, warnings);
        if (sum(weights) == 0) {
            warnings.add("Divided replicas: no target has a weight above 0 (the staticWeightList matches none of "
                    + sorted.stream().map(Placed::key).toList() + "), so none of the " + replicas
                    + " replicas is placed; add a weight for at least one target");
        }
        return divide(replicas, weights, sorted);
    }

    private static long[] weights(Placement.WeightPreference preference, List<Placed> targets,
            Map<String, Member> members) {
        long[] weights = new long[targets.size()];
        List<Placement.StaticWeight> rules = preference == null || preference.staticWeightList == null
                ? List.of() : preference.staticWeightList;
        for (int r = 0; r < rules.size(); r++) {
            Placement.StaticWeight w = rules.get(r);
            boolean noCells = w.targetCells == null || w.targetCells.isEmpty();
            if (w.targetCluster == null && noCells) {
                throw new ArcaException.InvalidInput("replicaScheduling.weightPreference.staticWeightList[" + r
                        + "] names neither a targetCluster nor targetCells; give one of them");
            }
            if (w.weight < 0) {
                throw new ArcaException.InvalidInput("replicaScheduling.weightPreference.staticWeightList[" + r
                        + "] has weight " + w.weight + "; weights must be 0 or more");
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            weights[i] = rules.isEmpty() ? 1 : weightOf(rules, targets.get(i), members.get(targets.get(i).cluster()));
        }
        return weights;
    }

    private static long weightOf(List<Placement.StaticWeight> rules, Placed target, Member member) {
        for (Placement.StaticWeight w : rules) {
            boolean byCluster = w.targetCluster != null
                    && LabelSelectors.matches(w.targetCluster, member.name(), member.labels());
            boolean byCell = target.cell() != null && w.targetCells != null && w.targetCells.contains(target.cell());
            if (byCluster || byCell) {
                return w.weight;
            }
        }
        return 0;
    }

    /** Zeroes the weight of targets on members gone longer than the grace, unless nobody else could take it. */
    private static void failover(long[] weights, List<Placed> targets, Map<String, Member> members, Duration grace,
            Instant now, List<String> warnings) {
        long kept = 0;
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            if (goneLongerThan(members.get(targets.get(i).cluster()), grace, now)) {
                gone.add(targets.get(i).key());
            } else {
                kept += weights[i];
            }
        }
        if (gone.isEmpty()) {
            return;
        }
        if (kept == 0) {
            warnings.add("targets " + gone + " are on member clusters unreachable for longer than " + grace
                    + ", but no reachable target has a weight, so their replicas stay where they are");
            return;
        }
        for (int i = 0; i < targets.size(); i++) {
            if (gone.contains(targets.get(i).key())) {
                weights[i] = 0;
            }
        }
        warnings.add("targets " + gone + " are on member clusters unreachable for longer than " + grace
                + "; their share of the replicas moves to the other targets until they are back");
    }

    static boolean goneLongerThan(Member m, Duration grace, Instant now) {
        return !m.reachable() && m.unreachableSince() != null
                && Duration.between(m.unreachableSince(), now).compareTo(grace) > 0;
    }

    /** Largest remainder: floor shares, then one more to the largest fractional parts, ties by key order. */
    private static List<Placed> divide(int replicas, long[] weights, List<Placed> targets) {
        BigInteger total = BigInteger.valueOf(sum(weights));
        int[] shares = new int[targets.size()];
        BigInteger[] remainders = new BigInteger[targets.size()];
        int given = 0;
        for (int i = 0; i < targets.size(); i++) {
            if (total.signum() == 0) {
                remainders[i] = BigInteger.ZERO;
                continue;
            }
            BigInteger[] qr = BigInteger.valueOf(replicas).multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(total);
            shares[i] = qr[0].intValueExact();
            remainders[i] = qr[1];
            given += shares[i];
        }
        if (total.signum() != 0) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.<Integer, BigInteger>comparing(i -> remainders[i]).reversed()
                    .thenComparing(i -> targets.get(i).key()));
            for (int k = 0; k < replicas - given; k++) {
                shares[order.get(k)]++;
            }
        }
        List<Placed> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            out.add(targets.get(i).withReplicas(shares[i]));
        }
        return out;
    }

    private static long sum(long[] weights) {
        long s = 0;
        for (long w : weights) {
            s = Math.addExact(s, w);
        }
        return s;
    }
}

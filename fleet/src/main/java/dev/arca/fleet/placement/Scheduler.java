package dev.arca.fleet.placement;

import dev.arca.fleet.resources.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a placement into targets: the members its cluster affinity chooses, narrowed and grouped
 * by its spread constraints (by cell, the chosen members' cells become the targets), each with its
 * share of replicas. Pure: the same placement, topology and time always give the same decision.
 */
public final class Scheduler {
    /** The grace used when the caller passes none: the default of {@code failover.unreachableGrace}. */
    public static final Duration DEFAULT_UNREACHABLE_GRACE = Duration.ofMinutes(5);

    private Scheduler() {
    }

    /**
     * @param placement        where to place (null places on every member, duplicated)
     * @param topology         the members and cells to choose from
     * @param replicas         the object's replica count, or null when it has none
     * @param unreachableGrace how long a member may be unreachable before its Divided share moves
     * @param now              the time to judge unreachability against
     * @return targets sorted by key; no target comes with a warning naming the affinity that matched nothing
     * @throws dev.arca.api.ArcaException.InvalidInput for an unknown spread field, a minGroups not met,
     *                                                 or a bad weight
     */
    public static Decision place(Placement placement, Topology topology, Integer replicas, Duration unreachableGrace,
            Instant now) {
        Placement p = placement == null ? new Placement() : placement;
        List<String> warnings = new ArrayList<>();
        List<Member> chosen = topology.members().stream()
                .filter(m -> LabelSelectors.matches(p.clusterAffinity, m.name(), m.labels()))
                .sorted(Comparator.comparing(Member::key))
                .toList();
        if (chosen.isEmpty()) {
            warnings.add("placement.clusterAffinity matched none of the " + topology.members().size()
                    + " member clusters " + keys(topology.members())
                    + "; check its labelSelector, clusterNames and exclude against the members' names and labels");
            return new Decision(List.of(), warnings);
        }
        List<Placed> targets = Spread.targets(p, chosen, topology.cells(), warnings);
        if (targets.isEmpty()) {
            return new Decision(List.of(), warnings);
        }
        Duration grace = unreachableGrace == null ? DEFAULT_UNREACHABLE_GRACE : unreachableGrace;
        List<Placed> shared = ReplicaShares.assign(p.replicaScheduling, targets, chosen, replicas, grace, now, warnings);
        return new Decision(shared.stream().sorted(Comparator.comparing(Placed::key)).toList(), warnings);
    }

    static List<String> keys(List<Member> members) {
        return members.stream().map(Member::key).sorted().toList();
    }
}

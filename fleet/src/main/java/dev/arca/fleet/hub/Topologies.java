package dev.arca.fleet.hub;

import dev.arca.fleet.placement.CellInfo;
import dev.arca.fleet.placement.Member;
import dev.arca.fleet.placement.Topology;
import dev.arca.fleet.resources.Cell;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.server.controller.StatusPatch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The topology placement sees: members with their labels and since when they have been unreachable
 * (a member never probed yet counts as reachable: nothing is known against it), and the cells on them.
 */
final class Topologies {
    private Topologies() {
    }

    static Topology of(List<MemberCluster> members, HubCaches caches, Clock clock) {
        List<Member> out = new ArrayList<>();
        for (MemberCluster m : members) {
            Instant since = unreachableSince(m);
            out.add(new Member(m.getMetadata().getNamespace(), m.getMetadata().getName(), labels(m.getMetadata().getLabels()),
                    since == null, since));
        }
        Set<String> keys = members.stream().map(m -> m.getMetadata().getNamespace() + "/" + m.getMetadata().getName())
                .collect(Collectors.toSet());
        List<CellInfo> cells = new ArrayList<>();
        for (String ns : members.stream().map(m -> m.getMetadata().getNamespace()).collect(Collectors.toCollection(java.util.TreeSet::new))) {
            for (Cell c : caches.list(Cell.class, ns)) {
                if (c.getSpec() != null && keys.contains(ns + "/" + c.getSpec().cluster) && !c.getSpec().nodeSelector.isEmpty()) {
                    cells.add(new CellInfo(ns, c.getMetadata().getName(), c.getSpec().cluster,
                            labels(c.getMetadata().getLabels()), Map.copyOf(c.getSpec().nodeSelector)));
                }
            }
        }
        return new Topology(out, cells);
    }

    /** When the Unreachable condition turned True, or null while it is not True. */
    static Instant unreachableSince(MemberCluster m) {
        if (m.getStatus() == null || m.getStatus().conditions == null) {
            return null;
        }
        return m.getStatus().conditions.stream()
                .filter(c -> "Unreachable".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(c -> StatusPatch.instant(c.getLastTransitionTime())).findFirst().orElse(null);
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : Map.copyOf(labels);
    }
}

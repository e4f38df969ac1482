package dev.arca.fleet.placement;

import java.util.Map;
import java.util.Objects;

/**
 * A cell as the scheduler sees it: a deployment unit on member {@code cluster} (a MemberCluster name
 * in the same namespace) made of the nodes that {@code nodeSelector} selects.
 */
public record CellInfo(String namespace, String name, String cluster, Map<String, String> labels,
        Map<String, String> nodeSelector) {

    public CellInfo {
        Objects.requireNonNull(namespace, "cell namespace");
        Objects.requireNonNull(name, "cell name");
        Objects.requireNonNull(cluster, "cell cluster");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    }

    /** Whether this cell is on {@code member}. */
    public boolean isOn(Member member) {
        return namespace.equals(member.namespace()) && cluster.equals(member.name());
    }
}

package dev.arca.fleet.placement;

import java.util.Map;
import java.util.Objects;

/**
 * One target of a placement: member {@code cluster} ({@code namespace/name}), the {@code cell} on it
 * when placed by cell (else null) with that cell's node selector (else empty), and the replicas this
 * target runs (null when the object has no replica count).
 */
public record Placed(String cluster, String cell, Map<String, String> nodeSelector, Integer replicas) {

    public Placed {
        Objects.requireNonNull(cluster, "placed cluster");
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    }

    /** {@code cluster} alone, or {@code cluster#cell}: unique within one decision, and its sort order. */
    public String key() {
        return cluster + (cell == null ? "" : "#" + cell);
    }

    /** The member's name: {@code cluster} after its namespace. */
    public String memberName() {
        return cluster.substring(cluster.indexOf('/') + 1);
    }

    Placed withReplicas(Integer n) {
        return new Placed(cluster, cell, nodeSelector, n);
    }
}

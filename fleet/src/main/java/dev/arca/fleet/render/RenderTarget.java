package dev.arca.fleet.render;

import java.util.Map;

/**
 * Where one rendered copy goes.
 *
 * @param clusterNamespace the MemberCluster's namespace on the hub (its tenant's workspace)
 * @param clusterName      the MemberCluster's name
 * @param clusterLabels    the MemberCluster's labels (override rules select on them); null is none
 * @param cell             the cell the copy is placed on, or null when it is placed on the whole cluster
 * @param nodeSelector     the cell's node selector, merged into every pod template; null or empty: none
 * @param replicas         this target's share of replicas (Divided scheduling), or null to keep the template's
 */
public record RenderTarget(String clusterNamespace, String clusterName, Map<String, String> clusterLabels, String cell,
                           Map<String, String> nodeSelector, Integer replicas) {
    public RenderTarget {
        clusterLabels = clusterLabels == null ? Map.of() : Map.copyOf(clusterLabels);
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    }
}

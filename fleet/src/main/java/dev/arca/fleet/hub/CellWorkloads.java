package dev.arca.fleet.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.placement.Placed;
import dev.arca.fleet.resources.FleetResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cells as deployment units: a workload placed on a cell becomes its own object on the member,
 * {@code <name>-<cell>}, with the label {@value #CELL_LABEL} on it, its pods and its selector, so the
 * cells of one cluster run side by side without sharing pods. Other objects (ConfigMaps, Services,
 * Secrets) are one per member even when their policy places by cell: the cells of a member share them.
 */
final class CellWorkloads {
    static final String CELL_LABEL = FleetResources.GROUP + "/cell";
    /** kind → pointer of its pod template (the object that holds the pod's metadata and spec). */
    private static final Map<String, String> TEMPLATES = Map.of(
            "Deployment", "/spec/template", "StatefulSet", "/spec/template", "DaemonSet", "/spec/template",
            "ReplicaSet", "/spec/template", "Job", "/spec/template", "CronJob", "/spec/jobTemplate/spec/template");

    private CellWorkloads() {
    }

    static boolean isWorkload(String kind) {
        return TEMPLATES.containsKey(kind) || "Pod".equals(kind);
    }

    /** For objects that are not workloads, one target per member (the first cell's replicas, no node selector). */
    static List<Placed> forKind(String kind, List<Placed> targets) {
        if (isWorkload(kind)) {
            return targets;
        }
        Map<String, Placed> byCluster = new LinkedHashMap<>();
        for (Placed p : targets) {
            byCluster.putIfAbsent(p.cluster(), new Placed(p.cluster(), null, Map.of(), p.replicas()));
        }
        return new ArrayList<>(byCluster.values());
    }

    /** Renames a rendered workload for its cell and labels it, its pods and its selector; other objects unchanged. */
    static ObjectNode forCell(ObjectNode manifest, String cell) {
        String kind = manifest.path("kind").asText();
        if (cell == null || !isWorkload(kind)) {
            return manifest;
        }
        ObjectNode meta = (ObjectNode) manifest.get("metadata");
        meta.put("name", meta.path("name").asText() + "-" + cell);
        meta.with("labels").put(CELL_LABEL, cell);
        if ("Pod".equals(kind)) {
            return manifest;
        }
        JsonNode template = manifest.at(TEMPLATES.get(kind));
        if (template instanceof ObjectNode t) {
            t.with("metadata").with("labels").put(CELL_LABEL, cell);
        }
        JsonNode selector = "CronJob".equals(kind) ? null : manifest.path("spec").path("selector");
        if (selector instanceof ObjectNode s && s.has("matchLabels")) {
            ((ObjectNode) s.get("matchLabels")).put(CELL_LABEL, cell);
        }
        return manifest;
    }
}

package dev.arca.engine.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the pod specs and their containers are in the workload kinds that hold them. Public so
 * that fleet overrides reach the same pod templates as restore transforms.
 */
public final class PodTemplates {
    /** resource → path of its pod spec. */
    public static final Map<String, String> POD_SPEC = Map.of(
            "pods", "/spec",
            "deployments.apps", "/spec/template/spec",
            "statefulsets.apps", "/spec/template/spec",
            "daemonsets.apps", "/spec/template/spec",
            "replicasets.apps", "/spec/template/spec",
            "replicationcontrollers", "/spec/template/spec",
            "jobs.batch", "/spec/template/spec",
            "cronjobs.batch", "/spec/jobTemplate/spec/template/spec",
            "podtemplates", "/template/spec");
    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

    private PodTemplates() {
    }

    /** The item's pod spec, or null for a kind that has none (or an item without one). */
    public static ObjectNode podSpec(String resource, ObjectNode item) {
        String path = POD_SPEC.get(resource);
        return path != null && Pointer.parse(path).get(item) instanceof ObjectNode spec ? spec : null;
    }

    /** Every container (init and ephemeral too) of the item's pod spec; empty for other kinds. */
    public static List<ObjectNode> containers(String resource, ObjectNode item) {
        ObjectNode spec = podSpec(resource, item);
        List<ObjectNode> out = new ArrayList<>();
        if (spec != null) {
            for (String list : CONTAINER_LISTS) {
                spec.path(list).forEach(c -> {
                    if (c instanceof ObjectNode o && o.path("image").isTextual()) {
                        out.add(o);
                    }
                });
            }
        }
        return out;
    }
}

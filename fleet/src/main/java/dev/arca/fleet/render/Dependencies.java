package dev.arca.fleet.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.resources.ObjectRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects a workload's pods need to start, which follow it to its members when a policy says
 * {@code propagateDeps}: ConfigMaps and Secrets of volumes (projected ones too), {@code envFrom},
 * {@code env[].valueFrom} and {@code imagePullSecrets}, and its ServiceAccount unless it is
 * {@code default} (every namespace has its own).
 */
public final class Dependencies {
    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

    private Dependencies() {
    }

    /** Each dependency once, in the order first met, in the workload's namespace; empty for a kind without pods. */
    public static List<ObjectRef> of(JsonNode workload) {
        if (!(workload instanceof ObjectNode obj)) {
            return List.of();
        }
        ObjectNode spec = Workloads.podSpec(obj);
        if (spec == null) {
            return List.of();
        }
        String ns = obj.path("metadata").path("namespace").asText("");
        Map<String, ObjectRef> found = new LinkedHashMap<>();
        String sa = spec.path("serviceAccountName").asText(spec.path("serviceAccount").asText(""));
        if (!sa.isEmpty() && !sa.equals("default")) {
            add(found, "ServiceAccount", ns, sa);
        }
        for (JsonNode v : spec.path("volumes")) {
            add(found, "ConfigMap", ns, v.path("configMap").path("name").asText(""));
            add(found, "Secret", ns, v.path("secret").path("secretName").asText(""));
            for (JsonNode source : v.path("projected").path("sources")) {
                add(found, "ConfigMap", ns, source.path("configMap").path("name").asText(""));
                add(found, "Secret", ns, source.path("secret").path("name").asText(""));
            }
        }
        for (String list : CONTAINER_LISTS) {
            for (JsonNode c : spec.path(list)) {
                containerRefs(found, ns, c);
            }
        }
        for (JsonNode s : spec.path("imagePullSecrets")) {
            add(found, "Secret", ns, s.path("name").asText(""));
        }
        return new ArrayList<>(found.values());
    }

    private static void containerRefs(Map<String, ObjectRef> found, String ns, JsonNode c) {
        for (JsonNode from : c.path("envFrom")) {
            add(found, "ConfigMap", ns, from.path("configMapRef").path("name").asText(""));
            add(found, "Secret", ns, from.path("secretRef").path("name").asText(""));
        }
        for (JsonNode env : c.path("env")) {
            JsonNode valueFrom = env.path("valueFrom");
            add(found, "ConfigMap", ns, valueFrom.path("configMapKeyRef").path("name").asText(""));
            add(found, "Secret", ns, valueFrom.path("secretKeyRef").path("name").asText(""));
        }
    }

    private static void add(Map<String, ObjectRef> found, String kind, String ns, String name) {
        if (!name.isEmpty()) {
            found.putIfAbsent(kind + "/" + name, new ObjectRef("v1", kind, ns, name));
        }
    }
}

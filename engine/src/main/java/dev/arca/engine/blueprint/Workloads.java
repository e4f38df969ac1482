package dev.arca.engine.blueprint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which workload a pod belongs to, as {@code Kind/name}: the pod's controller, with a
 * ReplicaSet made by a Deployment named for that Deployment (its name less the pod-template-hash),
 * so the same key names the workload before a backup and after a restore; a bare pod is
 * {@code Pod/name}. Works on the pod's JSON, as listed or as read back from the API.
 */
final class Workloads {
    private Workloads() {
    }

    static String of(JsonNode pod) {
        JsonNode metadata = pod.path("metadata");
        for (JsonNode owner : metadata.path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                String kind = owner.path("kind").asText();
                String name = owner.path("name").asText();
                String hash = metadata.path("labels").path("pod-template-hash").asText("");
                if (kind.equals("ReplicaSet") && !hash.isEmpty() && name.endsWith("-" + hash)) {
                    return "Deployment/" + name.substring(0, name.length() - hash.length() - 1);
                }
                return kind + "/" + name;
            }
        }
        return "Pod/" + metadata.path("name").asText();
    }

    /** Whether the pod is Running, Ready and not being deleted. */
    static boolean ready(JsonNode pod) {
        if (!pod.path("metadata").path("deletionTimestamp").isMissingNode() || !"Running".equals(pod.path("status").path("phase").asText())) {
            return false;
        }
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                return c.path("status").asText().equals("True");
            }
        }
        return false;
    }

    /** The pod's annotations. */
    static Map<String, String> annotations(JsonNode pod) {
        Map<String, String> all = new LinkedHashMap<>();
        pod.path("metadata").path("annotations").fields().forEachRemaining(e -> all.put(e.getKey(), e.getValue().asText()));
        return all;
    }

    /** The name of the pod's first container, or null. */
    static String firstContainer(JsonNode pod) {
        return pod.path("spec").path("containers").path(0).path("name").asText(null);
    }
}

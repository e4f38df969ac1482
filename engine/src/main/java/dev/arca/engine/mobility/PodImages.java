package dev.arca.engine.mobility;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The images of the pod template inside one workload object, with where each is used. */
final class PodImages {
    /** Resource → the JSON pointer of its pod spec. */
    static final Map<String, String> POD_SPEC = Map.of(
            "pods", "/spec",
            "deployments.apps", "/spec/template/spec",
            "statefulsets.apps", "/spec/template/spec",
            "daemonsets.apps", "/spec/template/spec",
            "replicasets.apps", "/spec/template/spec",
            "jobs.batch", "/spec/template/spec",
            "cronjobs.batch", "/spec/jobTemplate/spec/template/spec");
    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

    /** One container's image: {@code container} is {@code containers/web}, {@code initContainers/migrate}, .... */
    record Use(String container, String image) {
    }

    private PodImages() {
    }

    /** Whether {@code resource} (archive name: {@code plural.group}) holds a pod spec. */
    static boolean holdsPods(String resource) {
        return POD_SPEC.containsKey(resource);
    }

    /** The images of {@code item} of type {@code resource}; none for a type without a pod spec. */
    static List<Use> of(String resource, JsonNode item) {
        String pointer = POD_SPEC.get(resource);
        if (pointer == null) {
            return List.of();
        }
        JsonNode spec = item.at(pointer);
        List<Use> out = new ArrayList<>();
        for (String list : CONTAINER_LISTS) {
            for (JsonNode container : spec.path(list)) {
                String image = container.path("image").asText("");
                if (!image.isEmpty()) {
                    out.add(new Use(list + "/" + container.path("name").asText("?"), image));
                }
            }
        }
        return out;
    }
}

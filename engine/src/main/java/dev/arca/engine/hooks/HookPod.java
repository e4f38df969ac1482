package dev.arca.engine.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * What hooks need of a pod: where it is, its labels and annotations, and its containers' names in order.
 *
 * @param namespace   the namespace whose rules apply (a restore's: the one in the backup, before mapping)
 * @param name        the pod's name
 * @param labels      its labels
 * @param annotations its annotations
 * @param containers  its containers' names, first one first
 */
public record HookPod(String namespace, String name, Map<String, String> labels, Map<String, String> annotations,
                      List<String> containers) {
    public HookPod {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    public static HookPod of(Pod pod) {
        return new HookPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getLabels(),
                pod.getMetadata().getAnnotations(), pod.getSpec().getContainers().stream().map(Container::getName).toList());
    }

    /** A pod item as the backup holds it, placed in {@code namespace}. */
    public static HookPod of(String namespace, JsonNode pod) {
        JsonNode containers = pod.path("spec").path("containers");
        return new HookPod(namespace, pod.path("metadata").path("name").asText(), strings(pod.path("metadata").path("labels")),
                strings(pod.path("metadata").path("annotations")),
                StreamSupport.stream(containers.spliterator(), false).map(c -> c.path("name").asText()).toList());
    }

    /** {@code namespace/name}, for messages. */
    public String ref() {
        return namespace + "/" + name;
    }

    /** The container a hook names, or the first one when it names none. */
    public String container(String named) {
        return named == null || named.isBlank() ? (containers.isEmpty() ? "" : containers.get(0)) : named;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}

package dev.arca.fleet.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.engine.transform.PodTemplates;
import java.util.List;
import java.util.Map;

/** Finds an object's pod spec and containers through the engine's {@link PodTemplates}, by apiVersion and kind. */
final class Workloads {
    /** Kind → the resource name PodTemplates knows it by, for the kinds that hold a pod template. */
    private static final Map<String, String> RESOURCES = Map.of(
            "Pod", "pods",
            "Deployment", "deployments.apps",
            "StatefulSet", "statefulsets.apps",
            "DaemonSet", "daemonsets.apps",
            "ReplicaSet", "replicasets.apps",
            "ReplicationController", "replicationcontrollers",
            "Job", "jobs.batch",
            "CronJob", "cronjobs.batch",
            "PodTemplate", "podtemplates");

    private Workloads() {
    }

    /** {@code plural.group} of a workload kind (the group taken from apiVersion must agree), or null. */
    static String resource(JsonNode obj) {
        String resource = RESOURCES.get(obj.path("kind").asText(""));
        if (resource == null) {
            return null;
        }
        String apiVersion = obj.path("apiVersion").asText("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String expected = resource.contains(".") ? resource.substring(resource.indexOf('.') + 1) : "";
        return group.equals(expected) ? resource : null;
    }

    /** The object's pod spec, or null when it has none. */
    static ObjectNode podSpec(ObjectNode obj) {
        String resource = resource(obj);
        return resource == null ? null : PodTemplates.podSpec(resource, obj);
    }

    /** Every container (init and ephemeral too) with an image; empty for other kinds. */
    static List<ObjectNode> containers(ObjectNode obj) {
        String resource = resource(obj);
        return resource == null ? List.of() : PodTemplates.containers(resource, obj);
    }

    /** {@code Kind/name}, as messages name an object. */
    static String describe(JsonNode obj) {
        return obj.path("kind").asText("?") + "/" + obj.path("metadata").path("name").asText("?");
    }

    /** The object field {@code name} of {@code parent}, created (or replacing a non-object) when needed. */
    static ObjectNode child(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode o ? o : parent.putObject(name);
    }
}

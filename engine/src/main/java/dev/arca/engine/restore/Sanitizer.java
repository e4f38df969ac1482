package dev.arca.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/**
 * Pure: removes what belongs to the cluster an item was read from, so the item can be created in
 * another (or the same) cluster: identity and bookkeeping metadata, status, allocated IPs and
 * ports, bindings to old uids, node placement and service-account token mounts.
 */
final class Sanitizer {
    private static final List<String> METADATA = List.of("uid", "resourceVersion", "creationTimestamp", "managedFields",
            "generation", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");

    private Sanitizer() {
    }

    static void sanitize(String resource, ObjectNode item, boolean keepStatus, boolean keepNodePorts) {
        ItemTransformer.removeAll(item.path("metadata"), METADATA.toArray(String[]::new));
        // only a restore sets it, on what it creates: one in an archive could make a later restore overwrite live data
        ItemTransformer.removeAll(item.path("metadata").path("annotations"), dev.arca.engine.volume.VolumeRestorer.PENDING);
        if (!keepStatus) {
            item.remove("status");
        }
        JsonNode spec = item.path("spec");
        switch (resource) {
            case "services" -> service(spec, keepNodePorts);
            case "persistentvolumes" -> ItemTransformer.removeAll(spec.path("claimRef"), "uid", "resourceVersion");
            case "persistentvolumeclaims" -> ItemTransformer.removeAll(item.path("metadata").path("annotations"),
                    "pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller");
            case "pods" -> pod(spec);
            case "serviceaccounts" -> serviceAccount(item);
            case "jobs.batch" -> job(spec);
            default -> {
            }
        }
    }

    private static void service(JsonNode spec, boolean keepNodePorts) {
        if (!"None".equals(spec.path("clusterIP").asText())) {
            ItemTransformer.removeAll(spec, "clusterIP", "clusterIPs");
        }
        if (!keepNodePorts) {
            ItemTransformer.removeAll(spec, "healthCheckNodePort");
            for (JsonNode port : spec.path("ports")) {
                ItemTransformer.removeAll(port, "nodePort");
            }
        }
    }

    /** A pod is placed anew, and its old service-account token secret no longer exists. */
    private static void pod(JsonNode spec) {
        ItemTransformer.removeAll(spec, "nodeName");
        String sa = spec.path("serviceAccountName").asText("default");
        java.util.Set<String> removed = new java.util.HashSet<>();
        Iterator<JsonNode> volumes = spec.path("volumes").iterator();
        while (volumes.hasNext()) {
            JsonNode v = volumes.next();
            if (v.path("secret").path("secretName").asText().startsWith(sa + "-token-")) {
                removed.add(v.path("name").asText());
                volumes.remove();
            }
        }
        for (String containers : List.of("containers", "initContainers")) {
            for (JsonNode c : spec.path(containers)) {
                Iterator<JsonNode> mounts = c.path("volumeMounts").iterator();
                while (mounts.hasNext()) {
                    if (removed.contains(mounts.next().path("name").asText())) {
                        mounts.remove();
                    }
                }
            }
        }
    }

    private static void serviceAccount(ObjectNode item) {
        String prefix = item.path("metadata").path("name").asText() + "-token-";
        Iterator<JsonNode> secrets = item.path("secrets").iterator();
        while (secrets.hasNext()) {
            if (secrets.next().path("name").asText().startsWith(prefix)) {
                secrets.remove();
            }
        }
        if (item.path("secrets").isEmpty()) {
            item.remove("secrets");
        }
    }

    /** The API server generates a Job's selector and its controller-uid label; old ones are refused. */
    private static void job(JsonNode spec) {
        if (!spec.path("manualSelector").asBoolean(false)) {
            ItemTransformer.removeAll(spec, "selector");
            ItemTransformer.removeAll(spec.path("template").path("metadata").path("labels"), "controller-uid");
        }
    }
}

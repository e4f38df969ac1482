package dev.arca.fleet.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Removes what an API server writes into an object, so that a hub copy can be applied to a member
 * and hashed: metadata uid, resourceVersion, generation, creationTimestamp, deletionTimestamp,
 * deletionGracePeriodSeconds, managedFields, ownerReferences, finalizers, selfLink, the
 * {@code kubectl.kubernetes.io/last-applied-configuration} annotation and {@code status}. For a
 * Service, the allocated {@code spec.clusterIP} and {@code spec.clusterIPs} (kept when
 * {@code None}: a headless Service must stay headless). For a Job without
 * {@code spec.manualSelector: true}, the generated {@code spec.selector} and the pod template's
 * {@code controller-uid}, {@code job-name} labels (and their {@code batch.kubernetes.io/} forms),
 * which name the hub's Job and which each member's API server writes again for its own.
 */
final class ServerFields {
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final List<String> METADATA = List.of("uid", "resourceVersion", "generation", "creationTimestamp",
            "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "ownerReferences", "finalizers", "selfLink");
    private static final List<String> JOB_LABELS = List.of("controller-uid", "job-name",
            "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name");

    /** Annotations the hub's own controllers (and the fleet hub, its aggregate) write; a member's controllers write their own. */
    private static final List<String> CONTROLLER_ANNOTATIONS = List.of("deployment.kubernetes.io/revision",
            "pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller",
            "volume.beta.kubernetes.io/storage-provisioner", "volume.kubernetes.io/storage-provisioner",
            "volume.kubernetes.io/selected-node", dev.arca.fleet.resources.FleetResources.AGGREGATE_ANNOTATION);

    private ServerFields() {
    }

    /** Strips {@code obj} in place. */
    static void strip(ObjectNode obj) {
        obj.remove("status");
        if (obj.get("metadata") instanceof ObjectNode meta) {
            meta.remove(METADATA);
            if (meta.get("annotations") instanceof ObjectNode annotations) {
                annotations.remove(LAST_APPLIED);
                annotations.remove(CONTROLLER_ANNOTATIONS);
            }
        }
        String kind = obj.path("kind").asText("");
        String apiVersion = obj.path("apiVersion").asText("");
        if (kind.equals("Service") && apiVersion.equals("v1") && obj.get("spec") instanceof ObjectNode spec) {
            stripClusterIp(spec);
        }
        if (apiVersion.equals("v1") && obj.get("spec") instanceof ObjectNode spec) {
            if (kind.equals("Pod")) {
                spec.remove("nodeName"); // the hub's node, if the hub scheduled it
            } else if (kind.equals("PersistentVolumeClaim")) {
                spec.remove("volumeName"); // a volume of the hub; the member binds its own
            }
        }
        if (kind.equals("Job") && apiVersion.startsWith("batch/") && obj.get("spec") instanceof ObjectNode spec
                && !spec.path("manualSelector").asBoolean(false)) {
            spec.remove("selector");
            if (spec.path("template").path("metadata").get("labels") instanceof ObjectNode labels) {
                labels.remove(JOB_LABELS);
            }
        }
    }

    private static void stripClusterIp(ObjectNode spec) {
        JsonNode ip = spec.get("clusterIP");
        if (ip != null && "None".equals(ip.asText())) {
            return;
        }
        spec.remove("clusterIP");
        spec.remove("clusterIPs");
    }
}

package dev.arca.fleet.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The health of an object as a member's API server reports it, one rule per kind: Deployments,
 * StatefulSets, DaemonSets, ReplicaSets and ReplicationControllers when the controller has seen
 * the latest spec and every replica is updated and available; Pods when Ready (Unhealthy when
 * failed or a container cannot start); Jobs when Complete; PVCs when Bound; LoadBalancer Services
 * when they have an address; anything else once it exists.
 */
public final class Health {
    /** Waiting reasons of a container that will not fix themselves without a change. */
    static final Set<String> BAD_WAITING = Set.of("ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff",
            "CreateContainerConfigError", "CreateContainerError", "InvalidImageName");

    private Health() {
    }

    /** @param live the member's object, or null when it is not there */
    public static HealthState of(JsonNode live) {
        if (live == null || live.isNull() || live.isMissingNode()) {
            return new HealthState(HealthState.UNKNOWN, "the object is not on the member");
        }
        if (live.path("metadata").hasNonNull("deletionTimestamp")) {
            return HealthState.progressing("being deleted");
        }
        String group = group(live.path("apiVersion").asText(""));
        String kind = live.path("kind").asText("");
        return switch (group + "/" + kind) {
            case "apps/Deployment" -> ControllerHealth.deployment(live);
            case "apps/StatefulSet" -> ControllerHealth.statefulSet(live);
            case "apps/DaemonSet" -> ControllerHealth.daemonSet(live);
            case "apps/ReplicaSet", "/ReplicationController" -> ControllerHealth.replicaSet(live);
            case "/Pod" -> pod(live);
            case "batch/Job" -> job(live);
            case "/PersistentVolumeClaim" -> claim(live);
            case "/Service" -> service(live);
            default -> HealthState.healthy();
        };
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    static HealthState pod(JsonNode pod) {
        JsonNode status = pod.path("status");
        String phase = status.path("phase").asText("");
        if (phase.equals("Failed")) {
            return HealthState.unhealthy(because("pod failed", status.path("reason").asText(""),
                    status.path("message").asText("")));
        }
        if (phase.equals("Succeeded")) {
            return HealthState.healthy();
        }
        for (String list : new String[] {"initContainerStatuses", "containerStatuses"}) {
            for (JsonNode c : status.path(list)) {
                String reason = c.path("state").path("waiting").path("reason").asText("");
                if (BAD_WAITING.contains(reason)) {
                    String message = c.path("state").path("waiting").path("message").asText("");
                    return HealthState.unhealthy("container " + c.path("name").asText("?") + ": " + reason
                            + (message.isEmpty() ? "" : " (" + message + ")"));
                }
            }
        }
        if ("True".equals(condition(status, "Ready").path("status").asText(""))) {
            return HealthState.healthy();
        }
        return HealthState.progressing("phase " + (phase.isEmpty() ? "unknown" : phase) + ", not ready");
    }

    static HealthState job(JsonNode job) {
        JsonNode status = job.path("status");
        if ("True".equals(condition(status, "Complete").path("status").asText(""))) {
            return HealthState.healthy();
        }
        JsonNode failed = condition(status, "Failed");
        if ("True".equals(failed.path("status").asText(""))) {
            return HealthState.unhealthy(because("job failed", failed.path("reason").asText(""),
                    failed.path("message").asText("")));
        }
        return HealthState.progressing(status.path("active").asInt(0) + " active, "
                + status.path("succeeded").asInt(0) + " succeeded");
    }

    private static HealthState claim(JsonNode pvc) {
        String phase = pvc.path("status").path("phase").asText("");
        return switch (phase) {
            case "Bound" -> HealthState.healthy();
            case "Lost" -> HealthState.unhealthy("claim lost its volume");
            default -> HealthState.progressing("phase " + (phase.isEmpty() ? "Pending" : phase) + ", not bound");
        };
    }

    private static HealthState service(JsonNode svc) {
        if (!"LoadBalancer".equals(svc.path("spec").path("type").asText(""))) {
            return HealthState.healthy();
        }
        JsonNode ingress = svc.path("status").path("loadBalancer").path("ingress");
        return ingress.isArray() && !ingress.isEmpty() ? HealthState.healthy()
                : HealthState.progressing("waiting for a load balancer address");
    }

    /** {@code what: reason message}, or only {@code what} when neither is known. */
    private static String because(String what, String reason, String message) {
        String why = (reason + " " + message).strip();
        return why.isEmpty() ? what : what + ": " + why;
    }

    /** The condition of {@code type} in {@code status.conditions}, or a missing node. */
    static JsonNode condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}

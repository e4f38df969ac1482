package dev.arca.fleet.render;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Health of the workload controllers' objects, read as {@code kubectl rollout status} reads them:
 * first the controller must have observed the latest generation, then every replica must be
 * updated and available.
 */
final class ControllerHealth {
    private ControllerHealth() {
    }

    static HealthState deployment(JsonNode d) {
        JsonNode status = d.path("status");
        if (!observed(d)) {
            return waitingForController(d);
        }
        JsonNode progressing = Health.condition(status, "Progressing");
        if ("False".equals(progressing.path("status").asText(""))
                && "ProgressDeadlineExceeded".equals(progressing.path("reason").asText(""))) {
            return HealthState.unhealthy("progress deadline exceeded: " + progressing.path("message").asText(""));
        }
        int want = d.path("spec").path("replicas").asInt(1);
        int updated = status.path("updatedReplicas").asInt(0);
        int available = status.path("availableReplicas").asInt(0);
        int ready = status.path("readyReplicas").asInt(0);
        int total = status.path("replicas").asInt(0);
        if (updated < want) {
            return HealthState.progressing(updated + "/" + want + " updated, " + available + "/" + want + " available");
        }
        if (total > updated) {
            return HealthState.progressing((total - updated) + " old replicas pending termination");
        }
        if (available < want || ready < want) {
            return HealthState.progressing(available + "/" + want + " available");
        }
        return HealthState.healthy();
    }

    static HealthState statefulSet(JsonNode s) {
        if (!observed(s)) {
            return waitingForController(s);
        }
        JsonNode status = s.path("status");
        int want = s.path("spec").path("replicas").asInt(1);
        int ready = status.path("readyReplicas").asInt(0);
        if (ready < want) {
            return HealthState.progressing(ready + "/" + want + " ready");
        }
        boolean rolling = !"OnDelete".equals(s.path("spec").path("updateStrategy").path("type").asText(""));
        String update = status.path("updateRevision").asText("");
        if (rolling && !update.isEmpty() && !update.equals(status.path("currentRevision").asText(""))) {
            return HealthState.progressing(status.path("updatedReplicas").asInt(0) + "/" + want
                    + " updated to revision " + update);
        }
        return HealthState.healthy();
    }

    static HealthState daemonSet(JsonNode ds) {
        if (!observed(ds)) {
            return waitingForController(ds);
        }
        JsonNode status = ds.path("status");
        int want = status.path("desiredNumberScheduled").asInt(0);
        int updated = status.path("updatedNumberScheduled").asInt(0);
        int available = status.path("numberAvailable").asInt(0);
        boolean rolling = !"OnDelete".equals(ds.path("spec").path("updateStrategy").path("type").asText(""));
        if (rolling && updated < want) {
            return HealthState.progressing(updated + "/" + want + " updated, " + available + "/" + want + " available");
        }
        if (available < want) {
            return HealthState.progressing(available + "/" + want + " available");
        }
        return HealthState.healthy();
    }

    static HealthState replicaSet(JsonNode rs) {
        if (!observed(rs)) {
            return waitingForController(rs);
        }
        int want = rs.path("spec").path("replicas").asInt(1);
        int available = rs.path("status").path("availableReplicas").asInt(0);
        return available < want ? HealthState.progressing(available + "/" + want + " available") : HealthState.healthy();
    }

    private static boolean observed(JsonNode obj) {
        return obj.path("status").path("observedGeneration").asLong(0) >= obj.path("metadata").path("generation").asLong(0);
    }

    private static HealthState waitingForController(JsonNode obj) {
        return HealthState.progressing("waiting for the controller to observe generation "
                + obj.path("metadata").path("generation").asLong(0));
    }
}

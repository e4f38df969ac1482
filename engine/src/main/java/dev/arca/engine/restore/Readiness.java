package dev.arca.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pure: whether a restored workload or claim is ready, from its live object: a Deployment or
 * StatefulSet when every replica of its current generation is available (ready), a DaemonSet when
 * every scheduled pod is available, a Job when Complete, a PersistentVolumeClaim when Bound. Not
 * ready comes with why: the counts and the object's conditions.
 */
public final class Readiness {
    /** The resources {@code --wait-ready} waits for. */
    public static final Set<String> WAITED = Set.of("deployments.apps", "statefulsets.apps", "daemonsets.apps", "jobs.batch",
            "persistentvolumeclaims");

    /**
     * @param ready  true when ready
     * @param hopeless true when it can never become ready by waiting (a Job that Failed)
     * @param why    when not ready: what is missing and the object's conditions
     */
    public record State(boolean ready, boolean hopeless, String why) {
        public State {
            if (ready && hopeless) {
                throw new IllegalArgumentException("a ready object is not hopeless");
            }
        }

        static final State READY = new State(true, false, null);

        static State waiting(String why) {
            return new State(false, false, why);
        }
    }

    private Readiness() {
    }

    /** The state of {@code live}, an object of one of the {@link #WAITED} resources. */
    public static State of(String resource, JsonNode live) {
        JsonNode spec = live.path("spec");
        JsonNode status = live.path("status");
        boolean current = status.path("observedGeneration").asLong(0) >= live.path("metadata").path("generation").asLong(0);
        return switch (resource) {
            case "deployments.apps" -> replicas(live, current, "available", status.path("availableReplicas").asLong(0),
                    Math.min(status.path("updatedReplicas").asLong(0), status.path("availableReplicas").asLong(0)),
                    spec.path("replicas").asLong(1));
            case "statefulsets.apps" -> replicas(live, current, "ready", status.path("readyReplicas").asLong(0),
                    status.path("readyReplicas").asLong(0), spec.path("replicas").asLong(1));
            case "daemonsets.apps" -> replicas(live, current, "available", status.path("numberAvailable").asLong(0),
                    status.path("numberAvailable").asLong(0), status.path("desiredNumberScheduled").asLong(0));
            case "jobs.batch" -> job(live);
            case "persistentvolumeclaims" -> "Bound".equals(status.path("phase").asText())
                    ? State.READY : State.waiting("not Bound (phase " + status.path("phase").asText("unknown") + ")" + conditions(live));
            default -> throw new IllegalArgumentException("no readiness for " + resource);
        };
    }

    private static State replicas(JsonNode live, boolean current, String what, long count, long currentCount, long wanted) {
        if (current && currentCount >= wanted) {
            return State.READY;
        }
        String generation = current ? "" : "; the controller has not yet seen its current generation";
        return State.waiting(count + " of " + wanted + " replicas " + what + generation + conditions(live));
    }

    private static State job(JsonNode live) {
        for (JsonNode c : live.path("status").path("conditions")) {
            if ("True".equals(c.path("status").asText())) {
                if ("Complete".equals(c.path("type").asText())) {
                    return State.READY;
                }
                if ("Failed".equals(c.path("type").asText())) {
                    return new State(false, true, "failed" + conditions(live));
                }
            }
        }
        JsonNode status = live.path("status");
        return State.waiting("not complete (" + status.path("succeeded").asLong(0) + " succeeded, " + status.path("active").asLong(0)
                + " active, " + status.path("failed").asLong(0) + " failed)" + conditions(live));
    }

    /** {@code ; conditions: Available=False (MinimumReplicasUnavailable: ...)}, or a note that there are none. */
    static String conditions(JsonNode live) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : live.path("status").path("conditions")) {
            StringBuilder sb = new StringBuilder(c.path("type").asText()).append('=').append(c.path("status").asText());
            String reason = c.path("reason").asText("");
            String message = c.path("message").asText("");
            if (!reason.isEmpty() || !message.isEmpty()) {
                sb.append(" (").append(reason).append(reason.isEmpty() || message.isEmpty() ? "" : ": ").append(message).append(')');
            }
            out.add(sb.toString());
        }
        return out.isEmpty() ? "; no conditions reported" : "; conditions: " + String.join(", ", out);
    }
}

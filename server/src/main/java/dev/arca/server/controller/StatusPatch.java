package dev.arca.server.controller;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes status with a JSON merge patch of the status subresource: only the fields set in the
 * given status object change, no resourceVersion is needed, and the run thread and the
 * reconciler never conflict. The spec is never touched.
 */
public final class StatusPatch {
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private StatusPatch() {
    }

    /**
     * Merges {@code status} (its non-null fields) into the status of {@code resource}.
     *
     * @return the resource as the API server has it after the patch, or null when it is gone
     */
    public static <T extends CustomResource<?, ?>> T patch(KubernetesClient client, T resource, Object status) {
        ObjectNode body = JSON.createObjectNode();
        body.set("status", JSON.valueToTree(status));
        try { // through the copy at hand: by name alone, the client would GET the resource before every patch
            return client.resource(resource).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** An RFC 3339 time in whole seconds, as Kubernetes writes them. */
    public static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A parsed status time, or null. */
    public static Instant instant(String time) {
        return time == null || time.isBlank() ? null : Instant.parse(time);
    }

    /**
     * {@code conditions} with the one of {@code type} replaced (its transition time kept when its
     * status did not change).
     */
    public static List<Condition> setCondition(List<Condition> conditions, String type, boolean status, String reason,
                                               String message, Instant now) {
        List<Condition> result = new ArrayList<>();
        String value = status ? "True" : "False";
        String since = time(now);
        for (Condition c : conditions == null ? List.<Condition>of() : conditions) {
            if (type.equals(c.getType())) {
                if (value.equals(c.getStatus())) {
                    since = c.getLastTransitionTime();
                }
            } else {
                result.add(c);
            }
        }
        result.add(new ConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).build());
        return result;
    }
}

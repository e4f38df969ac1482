package dev.arca.fleet.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes some fields of a fleet resource's status with a JSON patch of the status subresource: each
 * non-null field given is set whole, each null one is removed when the copy at hand has it, and
 * fields not given stay as they are. No null or empty string is ever sent (the API server checks it against the
 * schema and refuses it), and no resourceVersion is needed. When the copy at hand is stale and a
 * removal finds nothing, the API server refuses the patch and the controller tries again.
 */
public final class StatusWrite {
    private static final ObjectMapper JSON = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper();

    private StatusWrite() {
    }

    /**
     * @param status an object or map whose top-level fields are status fields
     * @return false when the resource is gone
     */
    public static <T extends CustomResource<?, ?>> boolean patch(KubernetesClient client, T resource, Object status) {
        return patched(client, resource, status) != null;
    }

    /**
     * As {@link #patch}, and returns the resource as the API server holds it after the write ({@code resource}
     * itself when there was nothing to write), or null when it is gone.
     */
    public static <T extends CustomResource<?, ?>> T patched(KubernetesClient client, T resource, Object status) {
        JsonNode current = resource.getStatus() == null ? null : JSON.valueToTree(resource.getStatus());
        ArrayNode ops = ops(current, JSON.valueToTree(status));
        if (ops.isEmpty()) {
            return resource;
        }
        return send(client, resource, ops);
    }

    private static <T extends CustomResource<?, ?>> T send(KubernetesClient client, T resource, ArrayNode ops) {
        try { // through the copy at hand: by name alone, the client would GET the resource before every patch
            return client.resource(resource).subresource("status").patch(PatchContext.of(PatchType.JSON), ops.toString());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            if (e.getCode() == 422) { // name what was sent: status fields hold no secret
                throw new KubernetesClientException("the API server refused the status of " + resource.getKind() + " "
                        + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName() + " (JSON patch "
                        + ops + "): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Replaces the whole status with {@code status} (its null and empty fields left out), whatever the copy at
     * hand says: for a status one writer owns whole (a Work's), so that a field the copy at hand lacks but the API
     * server holds cannot survive the write.
     *
     * @return the resource as the API server holds it after the write, or null when it is gone
     */
    public static <T extends CustomResource<?, ?>> T replaced(KubernetesClient client, T resource, Object status) {
        ObjectNode whole = JSON.valueToTree(status);
        dropNulls(whole);
        ArrayNode ops = JSON.createArrayNode();
        ops.addObject().put("op", "add").put("path", "/status").set("value", whole);
        return send(client, resource, ops);
    }

    /**
     * True when {@code a} and {@code b} (status objects) are equal as written, but for the top-level field
     * {@code except}: a null and an empty string are both no field, as the write makes them, so that a status the
     * API server already holds is never written again (a message "" against a stored absent one was, forever).
     */
    public static boolean sameExcept(Object a, Object b, String except) {
        if (a == null || b == null) {
            return a == b;
        }
        ObjectNode ta = JSON.valueToTree(a);
        ObjectNode tb = JSON.valueToTree(b);
        ta.remove(except);
        tb.remove(except);
        dropNulls(ta);
        dropNulls(tb);
        return ta.equals(tb);
    }

    /** True when {@code a} and {@code b} (status objects) are equal as written. */
    public static boolean same(Object a, Object b) {
        return sameExcept(a, b, "");
    }

    /** The JSON patch that sets {@code fields} in a status that is {@code current} (null when there is none). */
    static ArrayNode ops(JsonNode current, ObjectNode fields) {
        ArrayNode ops = JSON.createArrayNode();
        if (current == null || !current.isObject()) {
            dropNulls(fields);
            ops.addObject().put("op", "add").put("path", "/status").set("value", fields);
            return ops;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String path = "/status/" + f.getKey().replace("~", "~0").replace("/", "~1");
            if (!absent(f.getValue())) {
                dropNulls(f.getValue());
                ops.addObject().put("op", "add").put("path", path).set("value", f.getValue());
            } else if (current.has(f.getKey()) && !absent(current.get(f.getKey()))) {
                ops.addObject().put("op", "remove").put("path", path);
            }
        }
        return ops;
    }

    /**
     * Null, or an empty string: the API server (1.20) refuses an empty string in a status field of a
     * custom resource as if it were null, so "no message" is written as no field.
     */
    private static boolean absent(JsonNode value) {
        return value.isNull() || (value.isTextual() && value.asText().isEmpty());
    }

    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            var gone = new ArrayList<String>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                var e = it.next();
                if (absent(e.getValue())) {
                    gone.add(e.getKey());
                } else {
                    dropNulls(e.getValue());
                }
            }
            o.remove(gone);
        } else if (node != null && node.isArray()) {
            node.forEach(StatusWrite::dropNulls);
        }
    }
}

package dev.arca.fleet.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Writes a fleet resource's status with a JSON merge patch of the status subresource, where a null
 * field clears what was there (a cleared error, say). On the first write, when there is no status
 * yet, nulls are left out: the API server would keep them and reject them against the schema.
 */
public final class StatusWrite {
    private static final ObjectMapper JSON = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper();

    private StatusWrite() {
    }

    /** @return false when the resource is gone */
    public static <T extends CustomResource<?, ?>> boolean patch(KubernetesClient client, T resource, Object status) {
        JsonNode tree = JSON.valueToTree(status);
        if (resource.getStatus() == null) {
            dropNulls(tree);
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("status", tree);
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) resource.getClass();
        var ops = client.resources(type);
        var named = resource.getMetadata().getNamespace() == null ? ops.withName(resource.getMetadata().getName())
                : ops.inNamespace(resource.getMetadata().getNamespace()).withName(resource.getMetadata().getName());
        try {
            named.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            var gone = new ArrayList<String>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue().isNull()) {
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

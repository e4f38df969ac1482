package dev.arca.fleet.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A short fingerprint of what a hub object asks for: the first 16 hex digits of the SHA-256 of its
 * canonical JSON (keys sorted) after the server-owned fields are stripped as {@link Renderer} strips
 * them. A status change or a resourceVersion bump leaves it as it was; any change to spec, labels or
 * annotations changes it.
 */
public final class TemplateHash {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LENGTH = 16;

    private TemplateHash() {
    }

    public static String of(JsonNode template) {
        JsonNode copy = template.deepCopy();
        if (copy instanceof ObjectNode o) {
            ServerFields.strip(o);
        }
        try {
            return Renderer.sha256Hex(JSON.writeValueAsString(canonical(copy))).substring(0, LENGTH);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            keys.forEach(k -> out.set(k, canonical(o.get(k))));
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            a.forEach(e -> out.add(canonical(e)));
            return out;
        }
        return node;
    }
}

package dev.arca.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** RFC 7386 JSON merge patch: objects merge recursively, null removes a field, anything else replaces. */
public final class MergePatch {
    private MergePatch() {
    }

    /** Merges {@code patch} into {@code target} in place; {@code patch} must be an object. */
    public static void apply(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value instanceof ObjectNode p) {
                JsonNode existing = target.get(e.getKey());
                ObjectNode into = existing instanceof ObjectNode o ? o : target.putObject(e.getKey());
                apply(into, p);
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        }
    }
}

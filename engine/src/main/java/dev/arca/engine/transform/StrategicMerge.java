package dev.arca.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Kubernetes strategic merge patch, for the lists that matter in pod templates: lists named in
 * {@link #MERGE_KEYS} merge element by element on their key (containers by {@code name}, ports by
 * {@code containerPort}, volumeMounts by {@code mountPath}, as the Kubernetes API declares); every
 * other list is replaced. Objects merge as in RFC 7386 (null removes). Directives: {@code $patch:
 * delete} on a list element removes the element with that key, on an object removes the object;
 * {@code $patch: replace} on an object replaces it, and as a list element replaces the whole list.
 */
public final class StrategicMerge {
    /** List field → the field that identifies an element. */
    static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"), Map.entry("volumes", "name"), Map.entry("env", "name"),
            Map.entry("imagePullSecrets", "name"), Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"), Map.entry("ports", "containerPort"),
            Map.entry("hostAliases", "ip"), Map.entry("topologySpreadConstraints", "topologyKey"));
    static final String PATCH = "$patch";

    private StrategicMerge() {
    }

    /** Merges {@code patch} into {@code target} in place. */
    public static void apply(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            JsonNode value = e.getValue();
            JsonNode existing = target.get(field);
            if (field.equals(PATCH)) {
                continue;
            }
            if (value.isNull() || value instanceof ObjectNode o && "delete".equals(o.path(PATCH).asText())) {
                target.remove(field);
            } else if (value instanceof ObjectNode o && "replace".equals(o.path(PATCH).asText())) {
                ObjectNode copy = o.deepCopy();
                copy.remove(PATCH);
                target.set(field, copy);
            } else if (value instanceof ObjectNode o) {
                apply(existing instanceof ObjectNode t ? t : target.putObject(field), o);
            } else if (value instanceof ArrayNode a && MERGE_KEYS.containsKey(field) && existing instanceof ArrayNode t
                    && !replacesList(a)) {
                mergeList(t, a, MERGE_KEYS.get(field));
            } else {
                target.set(field, withoutDirectives(value));
            }
        }
    }

    private static boolean replacesList(ArrayNode patch) {
        for (JsonNode el : patch) {
            if (el.size() == 1 && "replace".equals(el.path(PATCH).asText())) {
                return true;
            }
        }
        return false;
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key) {
        for (JsonNode el : patch) {
            if (!(el instanceof ObjectNode p) || !p.has(key)) {
                target.add(withoutDirectives(el));
                continue;
            }
            int at = indexOf(target, key, p.get(key));
            if ("delete".equals(p.path(PATCH).asText())) {
                if (at >= 0) {
                    target.remove(at);
                }
            } else if (at >= 0 && target.get(at) instanceof ObjectNode t) {
                apply(t, p);
            } else {
                target.add(withoutDirectives(p));
            }
        }
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (value.equals(list.get(i).get(key)) || value.asText().equals(list.get(i).path(key).asText(null))) {
                return i;
            }
        }
        return -1;
    }

    /** A value as it is stored: replacement lists take elements without directives, a replace-all marker dropped. */
    private static JsonNode withoutDirectives(JsonNode value) {
        JsonNode copy = value.deepCopy();
        if (copy instanceof ArrayNode a) {
            for (int i = a.size() - 1; i >= 0; i--) {
                if (a.get(i).size() == 1 && a.get(i).has(PATCH) || "delete".equals(a.get(i).path(PATCH).asText())) {
                    a.remove(i);
                } else if (a.get(i) instanceof ObjectNode o) {
                    o.remove(PATCH);
                }
            }
        } else if (copy instanceof ObjectNode o) {
            o.remove(PATCH);
        }
        return copy;
    }
}

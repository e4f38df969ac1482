package dev.arca.engine.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Pure: the field-level differences between two JSON trees, as JSON pointers with their old and
 * new values. Objects are compared field by field, arrays element by element (an element past the
 * end of the shorter array is added or removed), numbers by value ({@code 1} equals {@code 1.0}),
 * anything else by equality. What counts as noise (status, server-set metadata) is the caller's to
 * remove first; see {@link Comparison}.
 */
public final class ObjectDiff {
    private ObjectDiff() {
    }

    /** What a diff shows for a value of a Secret: that it differs, never the value (base64 is no protection). */
    public static final String HIDDEN = "(Secret value, not shown)";
    private static final String LAST_APPLIED = "/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration";

    /**
     * The changes that turn {@code before} into {@code after}; empty when they are equal. For a
     * Secret the values under {@code data} and {@code stringData} (and kubectl's last-applied
     * annotation, which repeats them) are replaced by {@link #HIDDEN}: diffs end up in terminals,
     * CI logs and tickets.
     */
    public static List<FieldChange> between(JsonNode before, JsonNode after) {
        List<FieldChange> out = new ArrayList<>();
        walk("", before, after, out);
        return isSecret(before) || isSecret(after) ? out.stream().map(ObjectDiff::hidden).toList() : out;
    }

    private static boolean isSecret(JsonNode item) {
        return item != null && "Secret".equals(item.path("kind").asText()) && "v1".equals(item.path("apiVersion").asText());
    }

    private static FieldChange hidden(FieldChange f) {
        String p = f.path();
        boolean secret = p.equals("/data") || p.startsWith("/data/") || p.equals("/stringData") || p.startsWith("/stringData/")
                || p.equals("/") || p.equals(LAST_APPLIED) || p.equals("/metadata/annotations") || p.equals("/metadata");
        return secret ? new FieldChange(f.kind(), p, hide(f.before()), hide(f.after())) : f;
    }

    private static JsonNode hide(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(HIDDEN);
        }
        com.fasterxml.jackson.databind.node.ObjectNode keys = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        value.fieldNames().forEachRemaining(k -> keys.put(k, HIDDEN)); // which keys, not their values
        return keys;
    }

    private static void walk(String path, JsonNode before, JsonNode after, List<FieldChange> out) {
        if (same(before, after)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                child(path + "/" + escape(name), before.get(name), after.get(name), out);
            }
        } else if (before.isArray() && after.isArray()) {
            for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
                child(path + "/" + i, before.get(i), after.get(i), out);
            }
        } else {
            out.add(new FieldChange(FieldChange.Kind.changed, path.isEmpty() ? "/" : path, before, after));
        }
    }

    private static void child(String path, JsonNode before, JsonNode after, List<FieldChange> out) {
        if (before == null) {
            out.add(new FieldChange(FieldChange.Kind.added, path, null, after));
        } else if (after == null) {
            out.add(new FieldChange(FieldChange.Kind.removed, path, before, null));
        } else {
            walk(path, before, after, out);
        }
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isContainerNode() || b.isContainerNode()) {
            return a.equals(ObjectDiff::compareLeaves, b);
        }
        return a.equals(b);
    }

    /** For {@link JsonNode#equals(java.util.Comparator, JsonNode)}: 0 when equal, numbers by value. */
    private static int compareLeaves(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    }

    /** RFC 6901: '~' as "~0", '/' as "~1". */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}

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

    /** The changes that turn {@code before} into {@code after}; empty when they are equal. */
    public static List<FieldChange> between(JsonNode before, JsonNode after) {
        List<FieldChange> out = new ArrayList<>();
        walk("", before, after, out);
        return out;
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

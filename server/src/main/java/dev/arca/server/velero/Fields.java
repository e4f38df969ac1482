package dev.arca.server.velero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The fields of one Velero object node, taken one by one as the converter maps them; what no
 * one took is left for {@link #dropRest}, so no Velero field is dropped without a note.
 */
final class Fields {

    private final String path;
    private final ObjectNode node;

    private Fields(String path, ObjectNode node) {
        this.path = path;
        this.node = node;
    }

    /** The fields of {@code value} at {@code path}; an absent or null value has no fields. */
    static Fields of(String path, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return new Fields(path, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        if (!value.isObject()) {
            throw new ImportProblem(path + " is " + value.getNodeType().name().toLowerCase()
                    + ", not a map of fields; write it as a YAML mapping");
        }
        return new Fields(path, ((ObjectNode) value).deepCopy());
    }

    String path(String name) {
        return path + "." + name;
    }

    boolean isEmpty() {
        return node.isEmpty();
    }

    /** Removes and returns the field, or null when absent or null. */
    JsonNode take(String name) {
        JsonNode value = node.remove(name);
        return value == null || value.isNull() ? null : value;
    }

    /** A string field; a number or boolean is read as its text (Velero's config values are strings). */
    String text(String name) {
        JsonNode value = take(name);
        if (value == null) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new ImportProblem(path(name) + " is a " + value.getNodeType().name().toLowerCase()
                    + "; it must be a single value");
        }
        return value.asText();
    }

    /** A boolean field; true/false, also as the strings Velero's config map holds. */
    Boolean bool(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new ImportProblem(path(name) + " is '" + text + "'; it must be true or false");
        }
        return Boolean.parseBoolean(text);
    }

    /** A list of strings, or null when absent. */
    List<String> strings(String name) {
        JsonNode value = take(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw new ImportProblem(path(name) + " must be a list of strings, like [shop, web]");
        }
        List<String> out = new ArrayList<>();
        value.forEach(item -> out.add(item.asText()));
        return out;
    }

    /** The nested object's fields (empty when absent). */
    Fields object(String name) {
        return of(path(name), take(name));
    }

    /**
     * Notes every field not taken: with the reason {@code reasons} gives for its name, or the
     * {@code otherwise} reason.
     */
    void dropRest(List<String> notes, Map<String, String> reasons, String otherwise) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!node.get(name).isNull()) {
                notes.add(path(name) + " dropped: " + reasons.getOrDefault(name, otherwise));
            }
        }
        node.removeAll();
    }
}

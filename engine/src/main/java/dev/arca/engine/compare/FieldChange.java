package dev.arca.engine.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One field that differs between two versions of an object.
 *
 * @param kind   added (only in {@code after}), removed (only in {@code before}) or changed
 * @param path   the field as an RFC 6901 JSON pointer, e.g. {@code /spec/template/spec/containers/0/image}
 * @param before the old value, or null when added
 * @param after  the new value, or null when removed
 */
public record FieldChange(Kind kind, String path, JsonNode before, JsonNode after) {
    public enum Kind { added, removed, changed }

    public FieldChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
    }
}

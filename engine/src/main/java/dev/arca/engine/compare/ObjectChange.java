package dev.arca.engine.compare;

import java.util.List;
import java.util.Objects;

/**
 * One object that differs between the two sides of a comparison.
 *
 * @param kind      added (only on the after side), removed (only on the before side) or changed
 * @param resource  {@code plural} or {@code plural.group}
 * @param namespace its namespace, or null when cluster-scoped
 * @param name      its name
 * @param fields    for a changed object, its field-level differences; empty otherwise
 */
public record ObjectChange(Kind kind, String resource, String namespace, String name, List<FieldChange> fields) {
    public enum Kind { added, removed, changed }

    public ObjectChange {
        Objects.requireNonNull(kind, "kind");
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** {@code configmaps shop/settings}, as problems name objects. */
    public String where() {
        return resource + " " + (namespace == null ? name : namespace + "/" + name);
    }
}

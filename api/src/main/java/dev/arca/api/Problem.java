package dev.arca.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One warning or error about one item or type, placed by namespace (null for cluster scope).
 *
 * @param namespace the item's namespace, or null for a cluster-scoped item or a whole type
 * @param resource  the resource type as {@code plural.group} (core group: plural alone), or null
 * @param name      the item's name, or null when the problem concerns a whole type
 * @param message   what happened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String namespace, String resource, String name, String message) {
    public Problem {
        Objects.requireNonNull(message, "message");
    }

    /** Where the problem is, e.g. {@code configmaps shop/settings} or {@code cluster: nodes}. */
    public String where() {
        String what = resource == null ? "" : resource;
        if (name != null) {
            what += " " + (namespace == null ? name : namespace + "/" + name);
        } else if (namespace != null) {
            what += " in namespace " + namespace;
        }
        return what.isBlank() ? "cluster" : what.strip();
    }
}

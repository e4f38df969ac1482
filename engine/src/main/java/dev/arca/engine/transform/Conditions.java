package dev.arca.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.archive.ItemKey;
import dev.arca.engine.select.LabelSelector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * When a modifier rule applies to an item (all given conditions must hold).
 *
 * @param groupResource     {@code plural.group} (core group: plural), {@code *} globs allowed
 * @param resourceNameRegex found anywhere in the item's name (unanchored, as Velero's), or null
 * @param namespaces        the item's ORIGINAL namespace (before mapping) is one of these (globs
 *                          allowed); empty: any, and a cluster-scoped item then matches too
 * @param labelSelector     the item's labels match, or null
 * @param matches           every one holds: the value at the path (any value, for a glob path)
 *                          equals the given value
 */
public record Conditions(String groupResource, Pattern resourceNameRegex, List<String> namespaces,
                         LabelSelector labelSelector, List<Match> matches) {
    /** A value that must be at a path. */
    public record Match(Pointer path, JsonNode value) {
    }

    public Conditions {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        matches = matches == null ? List.of() : List.copyOf(matches);
    }

    public boolean test(ItemKey key, String originalNamespace, ObjectNode item) {
        if (!Pointer.glob(groupResource).matcher(key.resource()).matches()) {
            return false;
        }
        String name = item.path("metadata").path("name").asText(key.name());
        if (resourceNameRegex != null && !resourceNameRegex.matcher(name).find()) {
            return false;
        }
        if (!namespaces.isEmpty() && (originalNamespace == null
                || namespaces.stream().noneMatch(n -> Pointer.glob(n).matcher(originalNamespace).matches()))) {
            return false;
        }
        if (labelSelector != null && !labelSelector.matches(labels(item))) {
            return false;
        }
        return matches.stream().allMatch(m -> m.path().expand(item).stream().anyMatch(p -> m.value().equals(p.get(item))));
    }

    private static Map<String, String> labels(ObjectNode item) {
        Map<String, String> out = new HashMap<>();
        item.path("metadata").path("labels").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}

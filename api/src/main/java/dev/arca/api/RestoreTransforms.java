package dev.arca.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * How restored items are changed before they are applied: Velero resource-modifier rules, a
 * storage-class map and image rules. Applied after the namespace mapping, mappers first, then the
 * modifier rules (see docs/transforms.md).
 *
 * @param resourceModifiers       the text of a resource-modifier file ({@code version: v1},
 *                                {@code resourceModifierRules}), or null
 * @param resourceModifiersSource where that text came from (a file or ConfigMap), for messages
 * @param storageClassMap         old storage class → new storage class
 * @param imageMap                image rules: {@code component:operator[:value]} (Karmada's
 *                                imageOverrider) or {@code old=new} (a registry or image prefix)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RestoreTransforms(String resourceModifiers, String resourceModifiersSource,
                                Map<String, String> storageClassMap, List<String> imageMap) {
    public RestoreTransforms {
        storageClassMap = storageClassMap == null ? Map.of() : Map.copyOf(storageClassMap);
        imageMap = imageMap == null ? List.of() : List.copyOf(imageMap);
        if (resourceModifiers != null && resourceModifiers.isBlank()) {
            resourceModifiers = null;
        }
    }

    /** True when nothing would be changed. */
    public boolean isEmpty() {
        return resourceModifiers == null && storageClassMap.isEmpty() && imageMap.isEmpty();
    }
}

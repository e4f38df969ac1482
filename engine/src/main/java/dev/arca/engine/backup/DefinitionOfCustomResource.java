package dev.arca.engine.backup;

import dev.arca.engine.discovery.ResourceType;
import java.util.function.BiConsumer;

/**
 * A custom resource brings its CustomResourceDefinition (named {@code plural.group}) along. Every
 * item of a named group is related to a CRD of its type's name; the runner keeps only names that
 * are CRDs in the cluster, so built-in and aggregated types are left out.
 */
public final class DefinitionOfCustomResource implements ItemAction {
    @Override
    public void act(ResourceType type, ListedItem item, BiConsumer<String, String> related) {
        if (!type.group().isEmpty()) {
            related.accept("customresourcedefinitions.apiextensions.k8s.io", type.resource());
        }
    }
}

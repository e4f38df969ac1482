package dev.arca.engine.backup;

import dev.arca.engine.discovery.ResourceType;
import java.util.function.BiConsumer;

/**
 * Acts on each item as it is backed up, before it is written: may name related items that must
 * come along (a PVC's PV, a custom resource's CRD). Implementations are found through
 * {@code ServiceLoader}; they must be thread-safe and must not do I/O.
 */
public interface ItemAction {
    /**
     * @param type    the item's type
     * @param item    the item as listed (do not modify its JSON)
     * @param related receives (resource as {@code plural.group}, name) of cluster-scoped items to add
     */
    void act(ResourceType type, ListedItem item, BiConsumer<String, String> related);
}

package dev.arca.engine.backup;

import dev.arca.engine.discovery.ResourceType;
import java.util.function.BiConsumer;

/**
 * Acts on each item as it is backed up, before it is written: may name related items that must
 * come along (a PVC's PV, a custom resource's CRD, a binding's ClusterRole). Implementations are
 * found through {@code ServiceLoader}, and in plugin jars ({@code dev.arca.engine.Plugins},
 * docs/plugins.md); they must be thread-safe and must not do I/O. The restore side is
 * {@code dev.arca.engine.restore.RestoreItemAction}.
 */
public interface ItemAction {
    /**
     * @param type    the item's type
     * @param item    the item as listed (do not modify its JSON)
     * @param related receives (resource as {@code plural.group}, name) of cluster-scoped items to add
     */
    void act(ResourceType type, ListedItem item, BiConsumer<String, String> related);
}

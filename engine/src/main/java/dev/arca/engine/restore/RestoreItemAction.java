package dev.arca.engine.restore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.archive.ItemKey;
import java.util.Optional;

/**
 * Acts on each item a restore is about to apply: after the restore's filters, namespace mapping and
 * transforms, before the API server sees it (in a dry run too). May change the item in place, or
 * skip it: the item is then counted as skipped with the reason given. Implementations are found
 * through {@code ServiceLoader} (and in plugin jars, see {@code dev.arca.engine.Plugins}); they must
 * be thread-safe (items of a tier are applied in parallel) and must not do I/O. An action that
 * throws fails that item alone, with a message naming the action.
 */
public interface RestoreItemAction {
    /**
     * @param key             the item as the backup holds it (original namespace and name)
     * @param targetNamespace the namespace it is restored into (after mapping), null when cluster-scoped
     * @param item            the item as it will be applied; change it in place
     * @return empty to apply the item, or the reason it is not restored
     */
    Optional<String> act(ItemKey key, String targetNamespace, ObjectNode item);
}

package dev.arca.engine.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.archive.ItemKey;

/**
 * One named change to restored items: a modifier rule or a typed mapper. Implementations are
 * immutable and safe to call from several threads at once.
 */
public interface Transform {
    /** How reports and warnings name it. */
    String name();

    /** Whether it matches the item (counted as matched). */
    boolean applies(ItemKey key, String originalNamespace, ObjectNode item);

    /**
     * Changes the item in place; called only when {@link #applies} said so.
     *
     * @throws dev.arca.api.ArcaException when it cannot be applied to this item (the item then fails)
     */
    void apply(ItemKey key, String originalNamespace, ObjectNode item);
}

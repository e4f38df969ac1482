package dev.arca.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;

/** An item being backed up, as {@link ItemAction}s see it. */
public interface ListedItem {
    /** Null for a cluster-scoped item. */
    String namespace();

    String name();

    /** The whole item as JSON, parsed on first use (most actions look only at a few types). */
    JsonNode json();
}

package dev.arca.engine.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.ItemKey;
import dev.arca.engine.restore.ItemTransformer;
import dev.arca.engine.restore.RestorePlanner;
import java.io.IOException;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The items of one side of a comparison, each as a restore would send it: through the restore's
 * own {@link ItemTransformer} (its filters, the items it skips, {@code Sanitizer}'s removal of
 * status and of what the source cluster set), so a comparison sees exactly what a restore sees.
 * Held in memory, sorted by resource, namespace and name.
 */
final class ComparedItems {
    static final Comparator<ItemKey> ORDER = Comparator.comparing(ItemKey::resource)
            .thenComparing(k -> k.namespace() == null ? "" : k.namespace()).thenComparing(ItemKey::name);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ComparedItems() {
    }

    /** The items of {@code archive} that {@code filters} select, transformed as a restore would. */
    static TreeMap<ItemKey, ObjectNode> of(ArchiveReader archive, RestoreSpec filters) {
        ItemTransformer transformer = new ItemTransformer(filters, RestorePlanner.plan(archive.resourceList()));
        TreeMap<ItemKey, ObjectNode> items = new TreeMap<>(ORDER);
        archive.forEachItem((key, json) -> {
            ObjectNode item = parse(key, json);
            ObjectNode desired = transformer.transform(key, item, uid -> uid).item();
            if (desired != null) {
                items.put(key, desired);
            }
        });
        return items;
    }

    /** The keys of an archive's items of one resource type, with an example item of that type. */
    static Map<String, ObjectNode> examplesByResource(Map<ItemKey, ObjectNode> items) {
        Map<String, ObjectNode> out = new TreeMap<>();
        items.forEach((key, item) -> out.putIfAbsent(key.resource(), item));
        return out;
    }

    static ObjectNode parse(ItemKey key, byte[] json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException | ClassCastException e) {
            throw new dev.arca.api.ArcaException.Corrupt("item " + key.path() + " is not a JSON object: " + e.getMessage()
                    + "; run 'arca backup verify' on the backup", e);
        }
    }
}

package dev.arca.engine.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ExistingResourcePolicy;
import dev.arca.api.Problem;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.ItemKey;
import dev.arca.engine.restore.ItemTransformer;
import dev.arca.engine.restore.RestoreApplier;
import dev.arca.engine.restore.RestorePlanner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a backup with another backup, or with the live cluster. Both sides go through the
 * restore's transformation ({@link ComparedItems}); against the cluster, an object's differences
 * are those between the live object and the backup's version applied over it in a server-side
 * dry run ({@link RestoreApplier#compare}), the same check that makes a restore report "exists,
 * identical", so fields the server defaults and status never count. Reads only.
 */
public final class BackupComparer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BackupComparer() {
    }

    /** {@code before} against {@code after}: objects added in, removed from and changed by {@code after}. */
    public static DiffReport backups(ArchiveReader before, ArchiveReader after, RestoreSpec filters) {
        TreeMap<ItemKey, ObjectNode> a = ComparedItems.of(before, filters);
        TreeMap<ItemKey, ObjectNode> b = ComparedItems.of(after, filters);
        List<ObjectChange> changes = new ArrayList<>();
        TreeMap<ItemKey, Boolean> keys = new TreeMap<>(ComparedItems.ORDER);
        a.keySet().forEach(k -> keys.put(k, true));
        b.keySet().forEach(k -> keys.put(k, true));
        for (ItemKey key : keys.keySet()) {
            ObjectNode was = a.get(key);
            ObjectNode is = b.get(key);
            if (was == null) {
                changes.add(change(ObjectChange.Kind.added, key, is, List.of()));
            } else if (is == null) {
                changes.add(change(ObjectChange.Kind.removed, key, was, List.of()));
            } else {
                List<FieldChange> fields = ObjectDiff.between(RestoreApplier.comparable(was), RestoreApplier.comparable(is));
                if (!fields.isEmpty()) {
                    changes.add(change(ObjectChange.Kind.changed, key, is, fields));
                }
            }
        }
        return new DiffReport("backup \"" + before.manifest().name() + "\"", "backup \"" + after.manifest().name() + "\"",
                keys.size(), changes, List.of());
    }

    /**
     * {@code backup} against the live cluster: objects added since (live, of a type the backup holds,
     * in a namespace it holds; cluster-scoped ones only when it was of the whole cluster), removed
     * since (in the backup, not live) and changed.
     */
    public static DiffReport live(ArchiveReader backup, KubernetesClient client, RestoreSpec filters) {
        TreeMap<ItemKey, ObjectNode> items = ComparedItems.of(backup, filters);
        RestoreApplier applier = new RestoreApplier(client, ExistingResourcePolicy.none, false);
        List<ObjectChange> changes = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<ItemKey, ObjectNode> e : items.entrySet()) {
            ItemKey key = e.getKey();
            try {
                RestoreApplier.Existing live = applier.compare(key, e.getValue());
                if (!live.exists()) {
                    changes.add(change(ObjectChange.Kind.removed, key, e.getValue(), List.of()));
                } else if (!live.identical()) {
                    changes.add(change(ObjectChange.Kind.changed, key, e.getValue(), ObjectDiff.between(
                            RestoreApplier.comparable(live.wouldBe()), RestoreApplier.comparable(live.live()))));
                }
            } catch (KubernetesClientException ex) {
                problems.add(new Problem(key.namespace(), key.resource(), key.name(), "could not be compared with the cluster: "
                        + RestoreApplier.reason(ex)));
            }
        }
        LiveLister lister = new LiveLister(client, new ItemTransformer(filters, RestorePlanner.plan(backup.resourceList())));
        long compared = items.size();
        for (ItemKey added : lister.notIn(items, backup.manifest().spec().wholeCluster(), problems)) {
            changes.add(new ObjectChange(ObjectChange.Kind.added, added.resource(), added.namespace(), added.name(), List.of()));
            compared++;
        }
        changes.sort(java.util.Comparator.comparing(c -> new ItemKey(c.resource(), c.namespace(), c.name()), ComparedItems.ORDER));
        return new DiffReport("backup \"" + backup.manifest().name() + "\"", "the cluster at " + client.getMasterUrl(),
                compared, changes, problems);
    }

    /** The change of one object; added and removed objects name themselves as the restore would (mapped namespace). */
    private static ObjectChange change(ObjectChange.Kind kind, ItemKey key, JsonNode item, List<FieldChange> fields) {
        String ns = item.path("metadata").path("namespace").asText(null);
        return new ObjectChange(kind, key.resource(), ns == null ? key.namespace() : ns,
                item.path("metadata").path("name").asText(key.name()), fields);
    }
}

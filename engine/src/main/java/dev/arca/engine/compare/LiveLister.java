package dev.arca.engine.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.Problem;
import dev.arca.archive.ItemKey;
import dev.arca.engine.discovery.ResourceType;
import dev.arca.engine.restore.ItemTransformer;
import dev.arca.engine.restore.RestoreApplier;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds live objects that a backup does not hold, within the backup's scope: of the types it
 * holds, in the namespaces its items land in (after namespace mapping; cluster-scoped ones only
 * for a backup of the whole cluster), and that a restore of it would not skip or filter out.
 */
final class LiveLister {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;
    private final ItemTransformer transformer;

    LiveLister(KubernetesClient client, ItemTransformer transformer) {
        this.client = client;
        this.transformer = transformer;
    }

    /**
     * The keys (where they live) of live objects missing from {@code items}, the backup's items as
     * the restore would send them; a type that cannot be listed is a problem.
     */
    List<ItemKey> notIn(Map<ItemKey, ObjectNode> items, boolean wholeCluster, List<Problem> problems) {
        Set<String> namespaces = new java.util.TreeSet<>();
        Set<String> present = new java.util.HashSet<>();
        items.forEach((key, item) -> {
            String ns = item.path("metadata").path("namespace").asText(null);
            if (ns != null) {
                namespaces.add(ns);
            }
            present.add(where(key.resource(), ns, item.path("metadata").path("name").asText()));
        });
        List<ItemKey> added = new ArrayList<>();
        ComparedItems.examplesByResource(items).forEach((resource, example) -> {
            boolean namespaced = example.path("metadata").hasNonNull("namespace");
            if (!namespaced && !wholeCluster) {
                return;
            }
            var op = client.genericKubernetesResources(context(resource, example, namespaced));
            for (String ns : namespaced ? namespaces : java.util.Collections.<String>singleton(null)) {
                try {
                    List<GenericKubernetesResource> live = ns == null ? op.list().getItems() : op.inNamespace(ns).list().getItems();
                    live.forEach(r -> consider(resource, ns, r, present, added));
                } catch (KubernetesClientException e) {
                    problems.add(new Problem(ns, resource, null, "cannot list the live objects to find added ones: "
                            + RestoreApplier.reason(e)));
                }
            }
        });
        return added;
    }

    private static String where(String resource, String ns, String name) {
        return resource + "|" + (ns == null ? "" : ns) + "|" + name;
    }

    private void consider(String resource, String ns, GenericKubernetesResource r, Set<String> present, List<ItemKey> added) {
        ItemKey key = new ItemKey(resource, ns, r.getMetadata().getName());
        if (present.contains(where(resource, ns, key.name())) || r.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        ObjectNode tree = JSON.valueToTree(r);
        if (transformer.transform(key, tree, uid -> uid).item() != null) {
            added.add(key);
        }
    }

    private static ResourceDefinitionContext context(String resource, ObjectNode example, boolean namespaced) {
        String apiVersion = example.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        return new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
                .withKind(example.path("kind").asText())
                .withPlural(ResourceType.pluralOf(resource))
                .withNamespaced(namespaced)
                .build();
    }
}

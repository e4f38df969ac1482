package dev.arca.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ItemKey;
import dev.arca.engine.select.LabelSelector;
import dev.arca.engine.select.NamespaceFilter;
import dev.arca.engine.select.ResourceFilter;
import dev.arca.engine.transform.Transforms;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Pure: decides whether a backed-up item is restored and, if so, what is sent to the API server:
 * filters, controller-owned items skipped, cluster-specific fields removed (see {@link Sanitizer}),
 * namespaces mapped, then the restore's {@link Transforms}. Mutates and returns the given tree.
 */
public final class ItemTransformer {
    /** Owners whose controller recreates what they own. */
    static final Set<String> CONTROLLERS = Set.of("ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job",
            "CronJob", "ReplicationController", "Service");

    private final RestoreSpec spec;
    private final RestorePlan plan;
    private final NamespaceFilter namespaces;
    private final ResourceFilter resources;
    private final LabelSelector selector;
    private final Map<String, String> relocated;
    private final Transforms transforms;

    public ItemTransformer(RestoreSpec spec, RestorePlan plan) {
        this(spec, plan, Map.of());
    }

    public ItemTransformer(RestoreSpec spec, RestorePlan plan, Map<String, String> relocated) {
        this(spec, plan, relocated, Transforms.of(spec.transforms()));
    }

    /**
     * @param relocated PV name → target namespace, for volumes whose data this restore writes into a
     *                  mapped namespace: such a PV is restored as {@code <name>-<namespace>} with its
     *                  directory {@code <path>-<namespace>}, so the copy never shares the original's data
     * @param transforms the restore's mappers and modifier rules, applied after the namespace mapping
     */
    public ItemTransformer(RestoreSpec spec, RestorePlan plan, Map<String, String> relocated, Transforms transforms) {
        this.transforms = transforms;
        this.relocated = Map.copyOf(relocated);
        this.spec = spec;
        this.plan = plan;
        this.namespaces = new NamespaceFilter(spec.includedNamespaces(), spec.excludedNamespaces());
        this.resources = new ResourceFilter(spec.includedResources(), spec.excludedResources());
        this.selector = spec.labelSelector() == null ? null : LabelSelector.parse(spec.labelSelector());
    }

    /** What to do with one item: {@code item} to apply, or a reason to skip it. */
    public record Decision(ObjectNode item, String skipped, boolean filtered) {
        static Decision apply(ObjectNode item) {
            return new Decision(item, null, false);
        }

        static Decision skip(String why) {
            return new Decision(null, why, false);
        }

        /** Left out by the restore's own filters: not counted as skipped. */
        static Decision filter() {
            return new Decision(null, "filtered out", true);
        }
    }

    /**
     * @param newUid maps a backed-up object's uid to the uid of its restored copy, or null when
     *               the owner was not restored (its owner reference is then dropped)
     */
    public Decision transform(ItemKey key, ObjectNode item, UnaryOperator<String> newUid) {
        String kind = item.path("kind").asText(null);
        if (!selected(key, item, kind)) {
            return Decision.filter();
        }
        String skip = skipReason(key, item);
        if (skip != null) {
            return Decision.skip(skip);
        }
        Sanitizer.sanitize(key.resource(), item, spec.restoreStatus(), spec.preserveNodePorts());
        remapOwners(item, newUid);
        mapNamespaces(key, item);
        transforms.apply(key, key.namespace(), item);
        return Decision.apply(item);
    }

    private boolean selected(ItemKey key, ObjectNode item, String kind) {
        boolean isNamespace = key.resource().equals("namespaces");
        String ns = isNamespace ? key.name() : key.namespace();
        if (ns != null && !namespaces.matches(ns)) {
            return false;
        }
        if (ns == null && Boolean.FALSE.equals(spec.includeClusterResources())) {
            return false;
        }
        if (!isNamespace && !resources.matches(key.resource(), kind)) {
            return false;
        }
        return isNamespace || selector == null || selector.matches(labels(item));
    }

    private String skipReason(ItemKey key, ObjectNode item) {
        for (JsonNode owner : item.path("metadata").path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false) && CONTROLLERS.contains(owner.path("kind").asText())) {
                return "created by its controller (" + owner.path("kind").asText() + " " + owner.path("name").asText() + ")";
            }
        }
        if (key.resource().equals("endpoints") && plan.services().contains(key.namespace() + "/" + key.name())) {
            return "managed by its Service";
        }
        if (key.resource().equals("secrets") && "kubernetes.io/service-account-token".equals(item.path("type").asText())) {
            return "service-account token: the token controller issues a new one";
        }
        if (key.resource().equals(API_SERVICES)
                && "true".equals(item.path("metadata").path("labels").path(AUTOMANAGED).asText())) {
            return "managed by the API server itself (" + AUTOMANAGED + ")";
        }
        return null;
    }

    /** APIServices of built-in groups: the API server registers them itself, in every cluster. */
    static final String API_SERVICES = "apiservices.apiregistration.k8s.io";
    static final String AUTOMANAGED = "kube-aggregator.kubernetes.io/automanaged";

    private static void remapOwners(ObjectNode item, UnaryOperator<String> newUid) {
        JsonNode owners = item.path("metadata").path("ownerReferences");
        if (!owners.isArray()) {
            return;
        }
        Iterator<JsonNode> it = owners.iterator();
        while (it.hasNext()) {
            ObjectNode owner = (ObjectNode) it.next();
            String uid = newUid.apply(owner.path("uid").asText());
            if (uid == null) {
                it.remove();
            } else {
                owner.put("uid", uid);
            }
        }
        if (owners.isEmpty()) {
            ((ObjectNode) item.get("metadata")).remove("ownerReferences");
        }
    }

    /** The name a relocated PV is restored under. */
    public static String relocatedName(String pv, String targetNamespace) {
        return pv + "-" + targetNamespace;
    }

    private void mapNamespaces(ItemKey key, ObjectNode item) {
        ObjectNode meta = (ObjectNode) item.get("metadata");
        if (key.namespace() != null) {
            meta.put("namespace", spec.targetNamespace(key.namespace()));
        }
        if (spec.namespaceMapping().isEmpty()) {
            return;
        }
        switch (key.resource()) {
            case "namespaces" -> meta.put("name", spec.targetNamespace(key.name()));
            case "rolebindings.rbac.authorization.k8s.io", "clusterrolebindings.rbac.authorization.k8s.io" -> {
                for (JsonNode subject : item.path("subjects")) {
                    if (subject.hasNonNull("namespace")) {
                        ((ObjectNode) subject).put("namespace", spec.targetNamespace(subject.get("namespace").asText()));
                    }
                }
            }
            case "persistentvolumes" -> {
                JsonNode claim = item.path("spec").path("claimRef");
                if (claim.hasNonNull("namespace")) {
                    ((ObjectNode) claim).put("namespace", spec.targetNamespace(claim.get("namespace").asText()));
                }
                String target = relocated.get(key.name());
                if (target != null) {
                    meta.put("name", relocatedName(key.name(), target));
                    for (String type : new String[] {"hostPath", "local"}) {
                        JsonNode source = item.path("spec").path(type);
                        if (source.hasNonNull("path")) {
                            ((ObjectNode) source).put("path", source.get("path").asText() + "-" + target);
                        }
                    }
                }
            }
            case "persistentvolumeclaims" -> {
                JsonNode volume = item.path("spec").path("volumeName");
                String target = volume.isTextual() ? relocated.get(volume.asText()) : null;
                if (target != null) {
                    ((ObjectNode) item.get("spec")).put("volumeName", relocatedName(volume.asText(), target));
                }
            }
            default -> {
            }
        }
    }

    static Map<String, String> labels(ObjectNode item) {
        Map<String, String> out = new HashMap<>();
        item.path("metadata").path("labels").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static void removeAll(JsonNode node, String... fields) {
        if (node instanceof ObjectNode o) {
            o.remove(java.util.List.of(fields));
        }
    }
}

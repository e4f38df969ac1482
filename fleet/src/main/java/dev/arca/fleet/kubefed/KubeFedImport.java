package dev.arca.fleet.kubefed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.resources.ClusterPropagationPolicy;
import dev.arca.fleet.resources.OverridePolicy;
import dev.arca.fleet.resources.OverrideSpec;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.PropagationPolicy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns KubeFed v1beta1 objects into the hub's: each {@code Federated<Kind>} becomes its plain object,
 * a (Cluster)PropagationPolicy selecting exactly it and an OverridePolicy with one rule per overridden
 * cluster; a ReplicaSchedulingPreference becomes Divided replica scheduling with static weights on the
 * policy of its target. Anything that does not carry over is a problem line, never dropped silently.
 */
public final class KubeFedImport {
    /** On every policy the import writes: the KubeFed object it was converted from. */
    public static final String IMPORTED_FROM = "fleet.arca.dev/imported-from";
    static final String TYPES_GROUP = "types.kubefed.io";
    static final String SCHEDULING_GROUP = "scheduling.kubefed.io";
    static final String CORE_GROUP = "core.kubefed.io";
    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private KubeFedImport() {
    }

    /** Converts {@code docs} (null or empty documents are skipped); pure, never throws on bad input. */
    public static ImportResult convert(List<JsonNode> docs) {
        return convert(docs, null);
    }

    /**
     * As {@link #convert(List)}; namespaced objects (and preferences) whose metadata names no namespace
     * are taken to be in {@code defaultNamespace}, as {@code kubectl apply -n} would place them.
     */
    public static ImportResult convert(List<JsonNode> docs, String defaultNamespace) {
        List<String> problems = new ArrayList<>();
        Map<String, FederatedObject> federated = new LinkedHashMap<>();
        List<Map.Entry<String, JsonNode>> preferences = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            JsonNode doc = docs.get(i);
            if (doc == null || !doc.isObject() || doc.isEmpty()) {
                continue;
            }
            doc = inNamespace(doc, defaultNamespace);
            String source = source(doc, i);
            String group = group(doc.path("apiVersion").asText(""));
            String kind = doc.path("kind").asText("");
            if (group.equals(TYPES_GROUP) && kind.startsWith("Federated")) {
                readFederated(doc, source, problems).ifPresent(f -> federated.put(key(f.federatedKind, f.namespace, f.name), f));
            } else if (group.equals(SCHEDULING_GROUP) && kind.equals("ReplicaSchedulingPreference")) {
                preferences.add(Map.entry(source, doc));
            } else if (group.equals(CORE_GROUP) && kind.equals("KubeFedCluster")) {
                problems.add(source + ": member clusters are not imported; join it with 'arca fleet join "
                        + doc.path("metadata").path("name").asText() + " --kubeconfig FILE' (its credentials stay out of the import)");
            } else {
                problems.add(source + ": apiVersion '" + doc.path("apiVersion").asText("") + "' kind '" + kind + "' is not a KubeFed"
                        + " object the import converts (Federated kinds of " + TYPES_GROUP + ", ReplicaSchedulingPreference,"
                        + " KubeFedCluster); it was skipped");
            }
        }
        for (Map.Entry<String, JsonNode> preference : preferences) {
            ReplicaPreferences.apply(preference.getValue(), preference.getKey(), federated, problems);
        }
        return new ImportResult(objects(federated.values()), problems);
    }

    private static Optional<FederatedObject> readFederated(JsonNode doc, String source, List<String> problems) {
        String kind = doc.path("kind").asText();
        Optional<FederatedTypes.Target> target = FederatedTypes.of(kind);
        if (target.isEmpty()) {
            problems.add(source + ": kind " + kind + " has no known target type (the import knows " + FederatedTypes.known()
                    + "); convert it by hand: the object from spec.template and a PropagationPolicy selecting it");
            return Optional.empty();
        }
        if (doc.path("metadata").path("name").asText("").isEmpty()) {
            problems.add(source + ": metadata.name is missing; nothing was converted");
            return Optional.empty();
        }
        return Optional.ofNullable(FederatedObject.read(doc, source, target.get(), problems));
    }

    /** {@code doc}, or a copy in {@code namespace} when it names none (cluster-scoped targets ignore it). */
    private static JsonNode inNamespace(JsonNode doc, String namespace) {
        if (namespace == null || !doc.path("metadata").isObject() || doc.path("metadata").hasNonNull("namespace")) {
            return doc;
        }
        ObjectNode copy = doc.deepCopy();
        ((ObjectNode) copy.get("metadata")).put("namespace", namespace);
        return copy;
    }

    static String key(String federatedKind, String namespace, String name) {
        return federatedKind + "/" + (namespace == null ? "" : namespace + "/") + name;
    }

    /** {@code Kind/namespace/name} of a document, or its position when it has no name. */
    private static String source(JsonNode doc, int index) {
        String kind = doc.path("kind").asText("");
        String name = doc.path("metadata").path("name").asText("");
        String namespace = doc.path("metadata").path("namespace").asText("");
        if (name.isEmpty()) {
            return "document " + (index + 1) + (kind.isEmpty() ? "" : " (" + kind + ")");
        }
        return (kind.isEmpty() ? "document " + (index + 1) : kind) + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /**
     * The output in apply order: Namespaces (with their policies) first, then every other object followed
     * by its policies. A policy is named like its object; where several converted objects share a
     * namespace and name, their policies get the kind as a suffix ({@code web-deployment}).
     */
    private static List<HasMetadata> objects(java.util.Collection<FederatedObject> federated) {
        Map<String, Long> sharing = federated.stream()
                .collect(Collectors.groupingBy(f -> scope(f) + "/" + f.name, Collectors.counting()));
        List<HasMetadata> namespaces = new ArrayList<>();
        List<HasMetadata> others = new ArrayList<>();
        for (FederatedObject f : federated) {
            String policyName = sharing.get(scope(f) + "/" + f.name) > 1 ? f.name + "-" + f.target.kind().toLowerCase() : f.name;
            List<HasMetadata> into = f.target.kind().equals("Namespace") ? namespaces : others;
            into.add(JSON.convertValue(f.template, GenericKubernetesResource.class));
            if (f.policy != null) {
                into.add(policy(f, policyName));
            }
            if (!f.overrideRules.isEmpty()) {
                into.add(overridePolicy(f, policyName));
            }
        }
        namespaces.addAll(others);
        return namespaces;
    }

    /** Policies of namespaced objects share their namespace; ClusterPropagationPolicies share one scope. */
    private static String scope(FederatedObject f) {
        return f.target.namespaced() ? "ns:" + f.namespace : "cluster";
    }

    private static HasMetadata policy(FederatedObject f, String name) {
        CustomResource<PolicySpec, ?> policy = f.target.namespaced() ? new PropagationPolicy() : new ClusterPropagationPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(f.namespace)
                .addToAnnotations(IMPORTED_FROM, f.source).build());
        policy.setSpec(f.policy);
        return policy;
    }

    private static HasMetadata overridePolicy(FederatedObject f, String name) {
        OverridePolicy policy = new OverridePolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(f.namespace)
                .addToAnnotations(IMPORTED_FROM, f.source).build());
        OverrideSpec spec = new OverrideSpec();
        PolicySpec.ResourceSelector selector = new PolicySpec.ResourceSelector();
        selector.apiVersion = f.target.apiVersion();
        selector.kind = f.target.kind();
        selector.name = f.name;
        spec.resourceSelectors.add(selector);
        spec.overrideRules.addAll(f.overrideRules);
        policy.setSpec(spec);
        return policy;
    }
}

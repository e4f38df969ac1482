package dev.arca.fleet.kubefed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.resources.OverrideSpec;
import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.PolicySpec;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code Federated<Kind>} read into its parts: the plain object from {@code spec.template}, the
 * policy spec from {@code spec.placement}, and the override rules from {@code spec.overrides}. What
 * does not carry over is added to the problems, naming the object and the field.
 */
final class FederatedObject {
    /** Paths KubeFed refuses to override (they name or type the object); Arca would rename or retype it instead. */
    static final Set<String> REFUSED_PATHS = Set.of("/apiVersion", "/kind", "/metadata/name", "/metadata/namespace",
            "/metadata/generateName");
    private static final Set<String> OPERATORS = Set.of("add", "remove", "replace");
    private static final ObjectMapper JSON = Serialization.jsonMapper();

    final String source;
    final String federatedKind;
    final FederatedTypes.Target target;
    final String name;
    final String namespace;
    final ObjectNode template;
    /** Null when the placement could not be converted: then no policy is written. */
    final PolicySpec policy;
    final List<OverrideSpec.OverrideRule> overrideRules;

    private FederatedObject(String source, String federatedKind, FederatedTypes.Target target, String name, String namespace,
            ObjectNode template, PolicySpec policy, List<OverrideSpec.OverrideRule> overrideRules) {
        this.source = source;
        this.federatedKind = federatedKind;
        this.target = target;
        this.name = name;
        this.namespace = namespace;
        this.template = template;
        this.policy = policy;
        this.overrideRules = overrideRules;
    }

    /** Reads {@code doc}, a Federated object of a known kind; null (with a problem) when it has no template. */
    static FederatedObject read(JsonNode doc, String source, FederatedTypes.Target target, List<String> problems) {
        JsonNode spec = doc.path("spec");
        if (!spec.path("template").isObject()) {
            problems.add(source + ": spec.template is missing; there is no object to propagate, so nothing was converted");
            return null;
        }
        String name = doc.path("metadata").path("name").asText();
        String namespace = target.namespaced() ? doc.path("metadata").path("namespace").asText(null) : null;
        ObjectNode template = template((ObjectNode) spec.get("template"), target, name, namespace);
        PolicySpec policy = policy(spec.path("placement"), source, target, name, problems);
        List<OverrideSpec.OverrideRule> rules = overrides(spec.path("overrides"), source, target, problems);
        return new FederatedObject(source, doc.path("kind").asText(), target, name, namespace, template, policy, rules);
    }

    /** The plain object: the template's fields, typed by the target, named (and placed) as the Federated object. */
    private static ObjectNode template(ObjectNode source, FederatedTypes.Target target, String name, String namespace) {
        ObjectNode object = JSON.createObjectNode();
        object.put("apiVersion", target.apiVersion());
        object.put("kind", target.kind());
        ObjectNode metadata = source.path("metadata").isObject() ? ((ObjectNode) source.get("metadata")).deepCopy()
                : JSON.createObjectNode();
        metadata.remove(List.of("name", "namespace", "generateName"));
        ObjectNode named = JSON.createObjectNode().put("name", name);
        if (namespace != null) {
            named.put("namespace", namespace);
        }
        named.setAll(metadata);
        object.set("metadata", named);
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!Set.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
                object.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return object;
    }

    /**
     * The policy selecting exactly this object, placed as KubeFed places it: {@code clusters} (which, when
     * given, wins over {@code clusterSelector}), else {@code clusterSelector} (empty: every cluster).
     * A placement that selects nothing in KubeFed has no Arca equivalent (an empty affinity means every
     * member), so it is a problem and no policy is written.
     */
    private static PolicySpec policy(JsonNode placement, String source, FederatedTypes.Target target, String name,
            List<String> problems) {
        Placement.ClusterAffinity affinity = new Placement.ClusterAffinity();
        if (placement.hasNonNull("clusters")) {
            JsonNode clusters = placement.get("clusters");
            for (int i = 0; i < clusters.size(); i++) {
                String cluster = clusters.get(i).path("name").asText("");
                if (cluster.isEmpty()) {
                    problems.add(source + ": spec.placement.clusters[" + i + "].name is missing; that entry was dropped");
                } else {
                    affinity.clusterNames.add(cluster);
                }
            }
            if (affinity.clusterNames.isEmpty()) {
                problems.add(source + ": spec.placement.clusters names no cluster, so KubeFed places it nowhere; no policy was"
                        + " written (an empty Arca placement means every member); add clusters or leave the object out");
                return null;
            }
        } else if (placement.hasNonNull("clusterSelector")) {
            LabelSelector selector = JSON.convertValue(placement.get("clusterSelector"), LabelSelector.class);
            boolean every = (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                    && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
            affinity.labelSelector = every ? null : selector;
        } else {
            problems.add(source + ": spec.placement has neither clusters nor clusterSelector, so KubeFed places it nowhere;"
                    + " no policy was written (an empty Arca placement means every member); add a placement or leave it out");
            return null;
        }
        PolicySpec spec = new PolicySpec();
        PolicySpec.ResourceSelector selector = new PolicySpec.ResourceSelector();
        selector.apiVersion = target.apiVersion();
        selector.kind = target.kind();
        selector.name = name;
        spec.resourceSelectors.add(selector);
        spec.placement.clusterAffinity = affinity.labelSelector == null && affinity.clusterNames.isEmpty() ? null : affinity;
        return spec;
    }

    /** One rule per {@code spec.overrides} entry, for its cluster, with its operations as plaintext overriders. */
    private static List<OverrideSpec.OverrideRule> overrides(JsonNode overrides, String source, FederatedTypes.Target target,
            List<String> problems) {
        List<OverrideSpec.OverrideRule> rules = new ArrayList<>();
        if (overrides.size() > 0 && !target.namespaced()) {
            problems.add(source + ": spec.overrides were not converted: Arca's OverridePolicy is namespaced and changes only"
                    + " namespaced objects; give each cluster its own object, or set the fields by hand on the members");
            return rules;
        }
        for (int i = 0; i < overrides.size(); i++) {
            String field = "spec.overrides[" + i + "]";
            String cluster = overrides.get(i).path("clusterName").asText("");
            if (cluster.isEmpty()) {
                problems.add(source + ": " + field + ".clusterName is missing; its overrides were dropped");
                continue;
            }
            OverrideSpec.OverrideRule rule = new OverrideSpec.OverrideRule();
            rule.targetCluster = new Placement.ClusterAffinity();
            rule.targetCluster.clusterNames.add(cluster);
            JsonNode ops = overrides.get(i).path("clusterOverrides");
            for (int j = 0; j < ops.size(); j++) {
                OverrideSpec.PlaintextOverrider op = operation(ops.get(j), source, field + ".clusterOverrides[" + j + "]", problems);
                if (op != null) {
                    rule.overriders.plaintext.add(op);
                }
            }
            if (!rule.overriders.plaintext.isEmpty()) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private static OverrideSpec.PlaintextOverrider operation(JsonNode op, String source, String field, List<String> problems) {
        String operator = op.path("op").asText("");
        operator = operator.isEmpty() ? "replace" : operator;
        String path = op.path("path").asText("");
        if (!OPERATORS.contains(operator)) {
            problems.add(source + ": " + field + ".op '" + operator + "' is not add, remove or replace; dropped");
            return null;
        }
        if (!path.startsWith("/")) {
            problems.add(source + ": " + field + ".path '" + path + "' is not a JSON pointer (it must start with '/'); dropped");
            return null;
        }
        if (REFUSED_PATHS.contains(path)) {
            problems.add(source + ": " + field + ".path " + path + " is refused by KubeFed (it names or types the object)"
                    + " and would rename or retype the object in Arca; dropped");
            return null;
        }
        if (!operator.equals("remove") && !op.has("value")) {
            problems.add(source + ": " + field + " (" + operator + " " + path + ") has no value; dropped");
            return null;
        }
        OverrideSpec.PlaintextOverrider overrider = new OverrideSpec.PlaintextOverrider();
        overrider.operator = operator;
        overrider.path = path;
        if (op.has("value") && !operator.equals("remove")) {
            overrider.value = new AnyType(JSON.convertValue(op.get("value"), Object.class));
        }
        return overrider;
    }
}

package dev.arca.fleet.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.arca.api.ArcaException;
import dev.arca.engine.transform.ImageRule;
import dev.arca.engine.transform.PatchOp;
import dev.arca.engine.transform.Pointer;
import dev.arca.fleet.placement.LabelSelectors;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.OverridePolicy;
import dev.arca.fleet.resources.OverrideSpec;
import dev.arca.fleet.resources.PolicySpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies one OverridePolicy to one rendered object for one target, on the engine's patch engine:
 * {@link PatchOp} for plaintext and label/annotation overriders, {@link ImageRule} (Karmada's
 * imageOverrider meaning) for images. Rules and overriders are numbered from 0, as their places
 * in the policy's lists.
 */
final class Overrides {
    private static final List<String> PLAINTEXT_OPS = List.of("add", "remove", "replace");

    private final String policy;
    private final ObjectNode obj;
    private int rule;

    private Overrides(String policy, ObjectNode obj) {
        this.policy = policy;
        this.obj = obj;
    }

    /** Applies {@code p} to {@code obj} in place when it selects the object; each of its rules that targets {@code target}. */
    static void apply(OverridePolicy p, ObjectNode obj, RenderTarget target) {
        OverrideSpec spec = p.getSpec();
        String namespace = p.getMetadata() == null ? null : p.getMetadata().getNamespace();
        if (spec == null || !selects(spec, namespace, obj)) {
            return;
        }
        Overrides o = new Overrides((namespace == null ? "" : namespace) + "/"
                + (p.getMetadata() == null ? "" : p.getMetadata().getName()), obj);
        List<OverrideSpec.OverrideRule> rules = spec.overrideRules == null ? List.of() : spec.overrideRules;
        for (o.rule = 0; o.rule < rules.size(); o.rule++) {
            OverrideSpec.OverrideRule r = rules.get(o.rule);
            if (r != null && targets(r, target)) {
                o.apply(r.overriders == null ? new OverrideSpec.Overriders() : r.overriders);
            }
        }
    }

    /**
     * A policy with a namespace acts only on objects of that namespace, and on cluster-scoped ones
     * when it is in the fleet's system namespace; no resourceSelectors selects every such object,
     * else any selector that matches: apiVersion and kind (both required, as in Karmada) equal,
     * namespace and name equal when given, labels by the label selector when given. The same rule
     * as {@code dev.arca.fleet.placement.Selection}, which this branch does not have yet.
     */
    static boolean selects(OverrideSpec spec, String policyNamespace, JsonNode obj) {
        JsonNode meta = obj.path("metadata");
        String ns = meta.path("namespace").asText("");
        if (policyNamespace != null && !policyNamespace.isEmpty()
                && !policyNamespace.equals(ns.isEmpty() ? FleetResources.SYSTEM_NAMESPACE : ns)) {
            return false;
        }
        if (spec.resourceSelectors == null || spec.resourceSelectors.isEmpty()) {
            return true;
        }
        Map<String, String> labels = new HashMap<>();
        meta.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return spec.resourceSelectors.stream().anyMatch(s -> s != null && selects(s, obj, labels));
    }

    private static boolean selects(PolicySpec.ResourceSelector s, JsonNode obj, Map<String, String> labels) {
        if (s.apiVersion == null || s.kind == null) {
            return false;
        }
        return s.apiVersion.equals(obj.path("apiVersion").asText("")) && s.kind.equals(obj.path("kind").asText(""))
                && same(s.namespace, obj.path("metadata").path("namespace").asText(""))
                && same(s.name, obj.path("metadata").path("name").asText(""))
                && LabelSelectors.matches(s.labelSelector, labels);
    }

    private static boolean same(String wanted, String actual) {
        return wanted == null || wanted.isEmpty() || wanted.equals(actual);
    }

    /** A rule with neither targetCluster nor targetCells targets everything; else either may match. */
    static boolean targets(OverrideSpec.OverrideRule r, RenderTarget t) {
        boolean cells = r.targetCells != null && !r.targetCells.isEmpty();
        if (r.targetCluster == null && !cells) {
            return true;
        }
        return r.targetCluster != null && LabelSelectors.matches(r.targetCluster, t.clusterName(), t.clusterLabels())
                || cells && t.cell() != null && r.targetCells.contains(t.cell());
    }

    private void apply(OverrideSpec.Overriders o) {
        each(o.plaintext, "plaintext", this::plaintext);
        each(o.imageOverrider, "imageOverrider", this::image);
        each(o.labelsOverrider, "labelsOverrider", (m, w) -> map("labels", m, w));
        each(o.annotationsOverrider, "annotationsOverrider", (m, w) -> map("annotations", m, w));
    }

    private interface Step<T> {
        void run(T overrider, String where);
    }

    private <T> void each(List<T> list, String kind, Step<T> step) {
        if (list == null) {
            return;
        }
        for (int j = 0; j < list.size(); j++) {
            if (list.get(j) != null) {
                step.run(list.get(j), kind + "[" + j + "]");
            }
        }
    }

    private void plaintext(OverrideSpec.PlaintextOverrider p, String where) {
        String op = operator(p.operator, where);
        if (p.path == null || p.path.isEmpty()) {
            throw fail(where, "it has no path", "give a JSON pointer such as /spec/replicas", null);
        }
        JsonNode value = p.value == null || p.value.getValue() == null ? null
                : Serialization.jsonMapper().valueToTree(p.value.getValue());
        try {
            new PatchOp(op, Pointer.parse(p.path), null, op.equals("remove") ? null : value, null, null).apply(obj);
        } catch (ArcaException e) {
            throw fail(where, op + " of " + p.path + ": " + e.getMessage(),
                    "fix the path, or narrow the policy's resourceSelectors or the rule's targets", e);
        }
    }

    private void image(OverrideSpec.ImageOverrider io, String where) {
        ImageRule rule = imageRule(io, where);
        String path = io.predicate == null ? null : io.predicate.path;
        if (path == null || path.isEmpty()) {
            Workloads.containers(obj).forEach(c -> c.put("image", rule.apply(c.get("image").asText())));
            return;
        }
        try {
            Pointer at = Pointer.parse(path);
            JsonNode image = at.get(obj);
            if (image == null || !image.isTextual()) {
                throw new ArcaException("predicate.path " + path + " holds no image");
            }
            new PatchOp("replace", at, null, TextNode.valueOf(rule.apply(image.asText())), null, null).apply(obj);
        } catch (ArcaException e) {
            throw fail(where, e.getMessage(), "point predicate.path at one image field, or leave it out for every container", e);
        }
    }

    private ImageRule imageRule(OverrideSpec.ImageOverrider io, String where) {
        String component = io.component == null ? "" : io.component.toLowerCase(Locale.ROOT);
        String operator = io.operator == null ? "" : io.operator.toLowerCase(Locale.ROOT);
        if (!component.matches("registry|repository|tag") || !operator.matches("add|remove|replace")) {
            throw fail(where, "component \"" + text(io.component) + "\" with operator \"" + text(io.operator)
                    + "\" is not an image change",
                    "use component Registry, Repository or Tag and operator add, remove or replace", null);
        }
        boolean remove = operator.equals("remove");
        try {
            return ImageRule.parse(component + ":" + operator + (remove || io.value == null ? "" : ":" + io.value));
        } catch (ArcaException e) {
            throw fail(where, "component " + io.component + " operator " + io.operator + ": " + e.getMessage(),
                    "give a value (the new registry, repository or tag)", e);
        }
    }

    /** Karmada's meaning: add sets the key; replace and remove act only on a key that is there. */
    private void map(String field, OverrideSpec.MapOverrider m, String where) {
        String op = operator(m.operator, where);
        ObjectNode meta = Workloads.child(obj, "metadata");
        if (m.value == null || !op.equals("add") && !(meta.get(field) instanceof ObjectNode)) {
            return;
        }
        ObjectNode map = Workloads.child(meta, field);
        m.value.forEach((key, value) -> {
            if (!op.equals("add") && !map.has(key)) {
                return;
            }
            JsonNode v = op.equals("remove") ? null : TextNode.valueOf(value == null ? "" : value);
            new PatchOp(op, new Pointer(List.of("metadata", field, key)), null, v, null, null)
                    .apply(obj);
        });
    }

    private String operator(String operator, String where) {
        String op = operator == null ? "" : operator.toLowerCase(Locale.ROOT);
        if (!PLAINTEXT_OPS.contains(op)) {
            throw fail(where, "operator \"" + text(operator) + "\" is not one of " + PLAINTEXT_OPS,
                    "use add, remove or replace", null);
        }
        return op;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private OverrideException fail(String where, String what, String todo, Throwable cause) {
        return new OverrideException(policy, "OverridePolicy " + policy + " rule " + rule + " " + where + ": " + what
                + ", in " + Workloads.describe(obj) + "; " + todo, cause);
    }
}

package dev.arca.fleet.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.OverridePolicy;
import dev.arca.fleet.resources.SyncRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a hub object into the copy one target receives. Pure: the template is never changed.
 * Steps, in order: strip server-owned fields ({@link ServerFields}); drop the labels and annotations
 * that do not flow ({@link MetadataRules}); set the target's replicas; merge the cell's node
 * selector into every pod template; apply the override policies; label the copy with its binding.
 */
public final class Renderer {
    /** Longest label value Kubernetes accepts. */
    static final int MAX_LABEL_VALUE = 63;
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final int HASH_CHARS = 10;

    private Renderer() {
    }

    /**
     * @param overrides  the OverridePolicies to consider, in the order they apply (the caller sorts by name)
     * @param sync       which labels and annotations flow; null: all
     * @param bindingKey the ResourceBinding as {@code namespace.name}; becomes the {@link FleetResources#BINDING_LABEL} value
     * @return a new tree
     * @throws OverrideException when an override rule cannot be applied to this object
     */
    public static ObjectNode render(ObjectNode template, RenderTarget target, List<OverridePolicy> overrides, SyncRules sync,
                                    String bindingKey) {
        ObjectNode out = stripped(template);
        MetadataRules.apply(out, sync);
        if (target.replicas() != null && out.get("spec") instanceof ObjectNode spec && spec.has("replicas")) {
            spec.put("replicas", target.replicas());
        }
        mergeNodeSelector(out, target.nodeSelector());
        for (OverridePolicy p : overrides == null ? List.<OverridePolicy>of() : overrides) {
            Overrides.apply(p, out, target);
        }
        Workloads.child(Workloads.child(out, "metadata"), "labels").put(FleetResources.BINDING_LABEL, labelValue(bindingKey));
        return out;
    }

    /**
     * A new tree: {@code template} with only the server-owned fields and status stripped (step one of
     * {@link #render}), e.g. to keep a version of a hub object for a rollback.
     */
    public static ObjectNode stripped(JsonNode template) {
        if (!(template instanceof ObjectNode o)) {
            throw new ArcaException.InvalidInput("a template must be a JSON object, not " + template.getNodeType());
        }
        ObjectNode out = o.deepCopy();
        ServerFields.strip(out);
        return out;
    }

    private static void mergeNodeSelector(ObjectNode obj, Map<String, String> nodeSelector) {
        ObjectNode podSpec = nodeSelector.isEmpty() ? null : Workloads.podSpec(obj);
        if (podSpec != null) {
            ObjectNode selector = Workloads.child(podSpec, "nodeSelector");
            nodeSelector.forEach(selector::put);
        }
    }

    /**
     * {@code key} as a label value: itself when it is one already (at most 63 characters of letters,
     * digits, {@code -_.}, starting and ending alphanumeric); else a readable prefix, {@code -}, and
     * the first 10 hex digits of its SHA-256, so that distinct keys stay distinct.
     */
    public static String labelValue(String key) {
        if (key == null || key.isEmpty()) {
            throw new ArcaException.InvalidInput("a binding key is empty; it must be the ResourceBinding's namespace.name");
        }
        if (key.length() <= MAX_LABEL_VALUE && LABEL_VALUE.matcher(key).matches()) {
            return key;
        }
        String prefix = key.replaceAll("[^-A-Za-z0-9_.]", "-");
        prefix = prefix.substring(0, Math.min(prefix.length(), MAX_LABEL_VALUE - HASH_CHARS - 1))
                .replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
        String hash = sha256Hex(key).substring(0, HASH_CHARS);
        return prefix.isEmpty() ? hash : prefix + "-" + hash;
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package dev.arca.engine.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arca.api.ArcaException;
import dev.arca.api.RestoreTransforms;
import java.util.List;
import java.util.Map;

/**
 * Several resource-modifier texts with parameters (an environment's files or ConfigMaps) made
 * one: each gets the parameters substituted and is checked on its own, so an error names it;
 * then their rules are joined in order. Used by the CLI's environments and the server's
 * Environment resource alike.
 */
public final class ModifierTexts {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ModifierTexts() {
    }

    /** {@code text} with {@code params} substituted ({@link ModifierParameters}), parsed once as a check. */
    public static String checked(String text, Map<String, String> params, String source) {
        String substituted = ModifierParameters.substitute(text, params, source);
        ModifierFile.parse(substituted, source + (substituted.equals(text) ? "" : " with its parameters substituted"));
        return substituted;
    }

    /** The checked texts as one transform (their rules in order), or null when there is none. */
    public static RestoreTransforms joined(List<String> texts, List<String> sources) {
        if (texts.isEmpty()) {
            return null;
        }
        if (texts.size() == 1) {
            return new RestoreTransforms(texts.get(0), sources.get(0), null, null);
        }
        try {
            ObjectNode all = YAML.createObjectNode().put("version", "v1");
            ArrayNode rules = all.putArray("resourceModifierRules");
            for (String text : texts) {
                JsonNode root = YAML.readTree(text);
                root.path("resourceModifierRules").forEach(rules::add);
            }
            return new RestoreTransforms(YAML.writeValueAsString(all), String.join(", ", sources), null, null);
        } catch (JsonProcessingException ex) { // each text was parsed already
            throw new ArcaException("cannot join the resource modifiers of " + String.join(", ", sources) + ": "
                    + ex.getOriginalMessage(), ex);
        }
    }
}

package dev.arca.engine.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.arca.api.ArcaException;
import dev.arca.engine.select.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a rule's {@code conditions} and the values of patches and matches, as Velero writes them. */
final class ModifierConditions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CONDITION_KEYS = Set.of("groupResource", "resourceNameRegex", "namespaces",
            "labelSelector", "matches");

    private ModifierConditions() {
    }

    static Conditions parse(JsonNode c) {
        if (c.isMissingNode()) {
            throw new ArcaException.InvalidInput("it has no conditions (conditions.groupResource is required)");
        }
        ModifierFile.requireKeys(c, CONDITION_KEYS, "conditions");
        String groupResource = c.path("groupResource").asText("");
        if (groupResource.isBlank()) {
            throw new ArcaException.InvalidInput("conditions.groupResource is missing (e.g. deployments.apps, "
                    + "persistentvolumeclaims or *)");
        }
        Pattern name = c.hasNonNull("resourceNameRegex") ? regex("resourceNameRegex", c.get("resourceNameRegex").asText()) : null;
        List<String> namespaces = new ArrayList<>();
        ModifierFile.list(c, "namespaces").forEach(n -> namespaces.add(n.asText()));
        List<Conditions.Match> matches = new ArrayList<>();
        for (JsonNode m : ModifierFile.list(c, "matches")) {
            ModifierFile.requireKeys(m, Set.of("path", "value"), "a match");
            if (!m.has("value")) {
                throw new ArcaException.InvalidInput("match of " + m.path("path").asText("?") + " has no value");
            }
            matches.add(new Conditions.Match(Pointer.parse(m.path("path").asText(null)), value(m.get("value"))));
        }
        return new Conditions(groupResource, name, namespaces, selector(c.path("labelSelector")), matches);
    }

    static Pattern regex(String what, String text) {
        if (text == null) {
            throw new ArcaException.InvalidInput(what + " is missing");
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new ArcaException.InvalidInput(what + " \"" + text + "\" does not compile: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /**
     * A patch or match value as Velero reads it: a string that is a JSON number, boolean, null,
     * object or list is that JSON value; any other string is a string.
     */
    static JsonNode value(JsonNode v) {
        if (!v.isTextual()) {
            return v;
        }
        try {
            JsonNode parsed = JSON.readTree(v.asText());
            if (parsed != null && !parsed.isMissingNode() && !parsed.isTextual()) {
                return parsed;
            }
        } catch (JsonProcessingException e) {
            // not JSON: a plain string
        }
        return TextNode.valueOf(v.asText());
    }

    private static LabelSelector selector(JsonNode s) {
        if (s.isMissingNode() || s.isNull()) {
            return null;
        }
        ModifierFile.requireKeys(s, Set.of("matchLabels", "matchExpressions"), "labelSelector");
        List<String> terms = new ArrayList<>();
        s.path("matchLabels").fields().forEachRemaining(e -> terms.add(e.getKey() + "=" + e.getValue().asText()));
        for (JsonNode e : ModifierFile.list(s, "matchExpressions")) {
            String key = e.path("key").asText("");
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            String op = e.path("operator").asText("");
            terms.add(switch (op) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> throw new ArcaException.InvalidInput("labelSelector operator \"" + op
                        + "\" is not In, NotIn, Exists or DoesNotExist");
            });
        }
        return terms.isEmpty() ? null : LabelSelector.parse(String.join(",", terms));
    }
}

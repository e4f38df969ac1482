package dev.arca.engine.transform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arca.api.ArcaException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads Velero's resource-modifier format ({@code version: v1}, {@code resourceModifierRules}) into
 * {@link ModifierRule}s, checking everything up front: any error names the source, the rule's
 * index and its line, and nothing is applied. Arca's additions: {@code *} globs in paths and a
 * {@code valueRegex: {pattern, replacement}} patch.
 */
public final class ModifierFile {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> RULE_KEYS = Set.of("conditions", "patches", "mergePatches", "strategicPatches");
    private static final Set<String> PATCH_KEYS = Set.of("operation", "path", "from", "value", "valueRegex");

    private ModifierFile() {
    }

    /**
     * @param source how messages name the text, e.g. {@code file modifiers.yaml}
     * @throws ArcaException.InvalidInput naming the source, rule and line of the first problem
     */
    public static List<ModifierRule> parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ArcaException.InvalidInput("resource modifiers " + source + " are not valid YAML"
                    + (line > 0 ? " at line " + line : "") + ": " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + "; fix the file and run the restore again");
        }
        String where = "resource modifiers " + source;
        if (!(root instanceof ObjectNode)) {
            throw new ArcaException.InvalidInput(where + " are empty or not a map; expected version: v1 and resourceModifierRules");
        }
        if (!"v1".equals(root.path("version").asText(null))) {
            throw new ArcaException.InvalidInput(where + ": version is \"" + root.path("version").asText("")
                    + "\"; only version: v1 is supported");
        }
        JsonNode rules = root.path("resourceModifierRules");
        if (!rules.isArray() || rules.isEmpty()) {
            throw new ArcaException.InvalidInput(where + " have no resourceModifierRules list");
        }
        List<Integer> lines = ruleLines(text);
        List<ModifierRule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            String rule = where + ", rule " + (i + 1) + (i < lines.size() ? " (line " + lines.get(i) + ")" : "");
            try {
                out.add(rule(i + 1, rules.get(i)));
            } catch (ArcaException.InvalidInput e) {
                throw new ArcaException.InvalidInput(rule + ": " + e.getMessage() + "; nothing was restored", e);
            }
        }
        return out;
    }

    /** The line each element of resourceModifierRules starts on. */
    private static List<Integer> ruleLines(String text) {
        List<Integer> lines = new ArrayList<>();
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return lines;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean rules = "resourceModifierRules".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (rules && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        lines.add(p.currentTokenLocation().getLineNr());
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return lines; // the tree was read already: this cannot fail in a way that matters
        }
        return lines;
    }

    private static ModifierRule rule(int index, JsonNode rule) {
        requireKeys(rule, RULE_KEYS, "a rule");
        Conditions conditions = ModifierConditions.parse(rule.path("conditions"));
        List<PatchOp> patches = new ArrayList<>();
        int n = 0;
        for (JsonNode patch : list(rule, "patches")) {
            n++;
            try {
                patches.add(patch(patch));
            } catch (ArcaException.InvalidInput e) {
                throw new ArcaException.InvalidInput("patch " + n + ": " + e.getMessage(), e);
            }
        }
        List<ObjectNode> merges = patchData(list(rule, "mergePatches"), "mergePatches", false);
        List<ObjectNode> strategic = patchData(list(rule, "strategicPatches"), "strategicPatches", true);
        if (patches.isEmpty() && merges.isEmpty() && strategic.isEmpty()) {
            throw new ArcaException.InvalidInput("it has no patches, mergePatches or strategicPatches");
        }
        return new ModifierRule("resource modifier rule " + index + " (" + conditions.groupResource() + ")", conditions,
                patches, merges, strategic);
    }

    static List<JsonNode> list(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ArcaException.InvalidInput(field + " is not a list");
        }
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    static void requireKeys(JsonNode node, Set<String> allowed, String what) {
        if (!node.isObject()) {
            throw new ArcaException.InvalidInput(what + " is not a map");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new ArcaException.InvalidInput(what + " has an unknown field \"" + key + "\" (known: "
                        + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    private static PatchOp patch(JsonNode patch) {
        requireKeys(patch, PATCH_KEYS, "the patch");
        JsonNode regex = patch.path("valueRegex");
        String op = patch.path("operation").asText(regex.isMissingNode() ? "" : "valueRegex");
        if (!regex.isMissingNode()) {
            requireKeys(regex, Set.of("pattern", "replacement"), "valueRegex");
            if (!op.equals("valueRegex") && !op.equals("replace")) {
                throw new ArcaException.InvalidInput("valueRegex goes with operation replace, not " + op);
            }
            op = "valueRegex";
        }
        Pointer from = patch.hasNonNull("from") ? Pointer.parse(patch.get("from").asText()) : null;
        JsonNode value = patch.has("value") ? ModifierConditions.value(patch.get("value")) : null;
        return new PatchOp(op, Pointer.parse(patch.path("path").asText(null)), from, value,
                regex.isMissingNode() ? null : ModifierConditions.regex("valueRegex pattern", regex.path("pattern").asText(null)),
                regex.isMissingNode() ? null : regex.path("replacement").asText(null));
    }

    private static List<ObjectNode> patchData(List<JsonNode> entries, String field, boolean strategic) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String what = field + " entry " + (i + 1);
            requireKeys(entries.get(i), Set.of("patchData"), what);
            JsonNode data = entries.get(i).path("patchData");
            if (data.isTextual()) {
                try {
                    data = YAML.readTree(data.asText());
                } catch (JsonProcessingException e) {
                    throw new ArcaException.InvalidInput(what + ": patchData is not JSON or YAML: "
                            + e.getOriginalMessage().lines().findFirst().orElse(""));
                }
            }
            if (!(data instanceof ObjectNode o)) {
                throw new ArcaException.InvalidInput(what + ": patchData is missing or not an object");
            }
            if (strategic) {
                checkDirectives(o, what);
            }
            out.add(o);
        }
        return out;
    }

    private static void checkDirectives(JsonNode node, String what) {
        for (Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().startsWith("$") && !(e.getKey().equals(StrategicMerge.PATCH)
                    && Set.of("delete", "replace", "merge").contains(e.getValue().asText()))) {
                throw new ArcaException.InvalidInput(what + ": directive " + e.getKey() + ": " + e.getValue()
                        + " is not supported (only $patch: delete, replace or merge)");
            }
        }
        for (JsonNode child : node) {
            checkDirectives(child, what);
        }
    }
}

package dev.arca.engine.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.arca.api.ArcaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes an environment's {@code key=value} parameters into the {@code ${key}} placeholders of a
 * resource-modifier file, as data: the file is read as YAML first and a value only ever becomes
 * (part of) one string scalar, so quotes, colons, braces or newlines in it cannot add keys, list
 * items or documents. Where Velero's format reads a string as JSON or YAML ({@code value},
 * {@code patchData}) and that string is an object or list, it is parsed first and the substitution
 * happens inside its strings (whose own fields are then plain data). <code>$${</code> is a literal
 * <code>${</code> (for a regex replacement's named group). Map keys are never substituted.
 */
public final class ModifierParameters {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Set<String> PARSED_FIELDS = Set.of("value", "patchData");

    private ModifierParameters() {
    }

    /** Whether {@code text} holds a placeholder (<code>${key}</code>) or an escaped one (<code>$${</code>). */
    public static boolean hasPlaceholders(String text) {
        return text != null && PLACEHOLDER.matcher(text).find();
    }

    /**
     * @param source how messages name the text, e.g. {@code file qa.yaml (environment "qa")}
     * @return the text with every placeholder replaced; the text itself when it holds none
     * @throws ArcaException.InvalidInput naming the source and every unknown parameter, or when the text is not YAML
     */
    public static String substitute(String text, Map<String, String> params, String source) {
        if (!hasPlaceholders(text)) {
            return text;
        }
        JsonNode root;
        try {
            root = ModifierFile.YAML.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ArcaException.InvalidInput("resource modifiers " + source + " are not valid YAML" + (line > 0 ? " at line " + line : "")
                    + ": " + e.getOriginalMessage().lines().findFirst().orElse("") + "; fix the file");
        }
        Set<String> unknown = new TreeSet<>();
        JsonNode out = walk(root, params, unknown, source, "", true);
        if (!unknown.isEmpty()) {
            throw new ArcaException.InvalidInput("resource modifiers " + source + " use " + String.join(", ", unknown.stream()
                    .map(k -> "${" + k + "}").toList()) + ", which " + (unknown.size() == 1 ? "is not a parameter" : "are not parameters")
                    + " (defined: " + (params.isEmpty() ? "none" : String.join(", ", new TreeSet<>(params.keySet()))) + "); add "
                    + "--param KEY=VALUE to the environment, or write $${ for a literal ${");
        }
        try {
            return ModifierFile.YAML.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new ArcaException("cannot write the substituted resource modifiers " + source + ": " + e.getOriginalMessage(), e);
        }
    }

    /** @param format whether {@code node} is the modifier format's (its value and patchData fields are read as documents) */
    private static JsonNode walk(JsonNode node, Map<String, String> params, Set<String> unknown, String source, String path,
                                 boolean format) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = o.get(name);
                String at = path + "/" + name;
                o.set(name, format && PARSED_FIELDS.contains(name) && child.isTextual() && hasPlaceholders(child.asText())
                        ? parsedField(name, child.asText(), params, unknown, source, at)
                        : walk(child, params, unknown, source, at, format));
            }
            return o;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, walk(a.get(i), params, unknown, source, path + "/" + i, format));
            }
            return a;
        }
        return node.isTextual() ? TextNode.valueOf(text(node.asText(), params, unknown)) : node;
    }

    /**
     * A {@code value} or {@code patchData} string: when it is an object or list, substituted inside and
     * returned as that tree (which the format takes as it is); otherwise substituted as a string, and
     * refused if only the substitution made it an object or list.
     */
    private static JsonNode parsedField(String field, String template, Map<String, String> params, Set<String> unknown,
                                        String source, String path) {
        boolean json = field.equals("value"); // Velero reads a value as JSON, patchData as JSON or YAML
        JsonNode parsed = structure(template, json);
        if (parsed != null) {
            return walk(parsed, params, unknown, source, path, false);
        }
        String result = text(template, params, unknown);
        if (unknown.isEmpty() && structure(result, json) != null) {
            throw new ArcaException.InvalidInput("resource modifiers " + source + ": at " + path + " a parameter's value turns the"
                    + " string \"" + template + "\" into " + (field.equals("patchData") ? "a patch" : "an object or list")
                    + "; parameters are data: write the structure in the file and put placeholders in its strings");
        }
        return TextNode.valueOf(result);
    }

    /** The text as an object or list, or null when it is neither (or not YAML at all). */
    private static JsonNode structure(String text, boolean json) {
        try {
            JsonNode n = (json ? JSON : ModifierFile.YAML).readTree(text);
            return n != null && n.isContainerNode() ? n : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String text(String template, Map<String, String> params, Set<String> unknown) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String replacement;
            if (key == null) {
                replacement = "${";
            } else if (params.containsKey(key.strip())) {
                replacement = params.get(key.strip());
            } else {
                unknown.add(key.strip());
                replacement = m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}

package dev.arca.server.velero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks an object's {@code spec} against the checked-in CRD's structural schema: unknown fields,
 * required fields, types, enums, patterns and minimums, the rules the API server enforces for
 * what these CRDs declare. A test helper, so the importer's output is known to be applicable.
 */
final class CrdSchemaCheck {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path CRDS = Path.of("src/main/resources/crds");

    private CrdSchemaCheck() {
    }

    /** Every schema violation of {@code object.spec}, each naming its path; empty when it is valid. */
    static List<String> problems(String crdFile, JsonNode object) throws IOException {
        JsonNode crd = YAML.readTree(Files.readString(CRDS.resolve(crdFile)));
        JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        List<String> problems = new ArrayList<>();
        check("spec", schema, object.get("spec"), problems);
        return problems;
    }

    private static void check(String path, JsonNode schema, JsonNode value, List<String> problems) {
        String type = schema.path("type").asText();
        switch (type) {
            case "object" -> object(path, schema, value, problems);
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(path + " is not an array");
                }
                for (int i = 0; i < value.size(); i++) {
                    check(path + "[" + i + "]", schema.get("items"), value.get(i), problems);
                }
            }
            case "string" -> string(path, schema, value, problems);
            case "boolean" -> require(value.isBoolean(), path + " is not a boolean", problems);
            case "integer" -> {
                require(value.isIntegralNumber(), path + " is not an integer", problems);
                require(!schema.has("minimum") || value.asLong() >= schema.get("minimum").asLong(),
                        path + " is below the minimum", problems);
            }
            default -> problems.add(path + " has schema type '" + type + "' this check does not know");
        }
    }

    private static void object(String path, JsonNode schema, JsonNode value, List<String> problems) {
        if (!value.isObject()) {
            problems.add(path + " is not an object");
            return;
        }
        schema.path("required").forEach(r -> require(value.has(r.asText()),
                path + "." + r.asText() + " is required", problems));
        for (Iterator<String> names = value.fieldNames(); names.hasNext();) {
            String name = names.next();
            JsonNode property = schema.path("properties").get(name);
            if (property == null) {
                problems.add(path + "." + name + " is not in the schema");
            } else {
                check(path + "." + name, property, value.get(name), problems);
            }
        }
    }

    private static void string(String path, JsonNode schema, JsonNode value, List<String> problems) {
        if (!value.isTextual()) {
            problems.add(path + " is not a string");
            return;
        }
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
            problems.add(path + " '" + value.asText() + "' does not match " + schema.get("pattern").asText());
        }
        if (schema.has("enum")) {
            List<String> allowed = new ArrayList<>();
            schema.get("enum").forEach(e -> allowed.add(e.asText()));
            require(allowed.contains(value.asText()), path + " '" + value.asText() + "' is not one of " + allowed,
                    problems);
        }
    }

    private static void require(boolean ok, String problem, List<String> problems) {
        if (!ok) {
            problems.add(problem);
        }
    }
}

package dev.arca.server.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Install objects as one YAML stream, byte-for-byte the same for the same objects: documents in the
 * given (apply) order, every mapping's keys sorted. A Secret's data values can be replaced with
 * {@value #REDACTED}, which is not base64, so that such output applied as-is fails on the Secret
 * rather than storing a wrong passphrase.
 */
public final class InstallYaml {
    public static final String REDACTED = "<redacted>";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS) // "8085" stays a string
            .disable(YAMLGenerator.Feature.SPLIT_LINES));

    private InstallYaml() {
    }

    /** The objects as YAML documents separated by {@code ---}; Secret data redacted when {@code redactSecrets}. */
    public static String print(List<HasMetadata> objects, boolean redactSecrets) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata object : objects) {
            JsonNode tree = sorted(Serialization.jsonMapper().valueToTree(object));
            if (redactSecrets && "Secret".equals(object.getKind()) && tree.get("data") instanceof ObjectNode data) {
                data.fieldNames().forEachRemaining(key -> data.put(key, REDACTED));
            }
            try {
                out.append("---\n").append(YAML.writeValueAsString(tree));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException("printing " + object.getKind() + " " + object.getMetadata().getName()
                        + " as YAML failed", e);
            }
        }
        return out.toString();
    }

    /** A copy of {@code node} with the keys of every object sorted. */
    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            names.forEach(name -> copy.set(name, sorted(node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}

package dev.arca.server.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Where the chart is, and objects (rendered or computed) as comparable trees keyed by kind and name. */
final class Chart {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Chart() {
    }

    /** {@code charts/arca} of this checkout: beside the server module, or under ARCA_REPO_ROOT. */
    static Path dir() {
        String root = System.getenv("ARCA_REPO_ROOT");
        Path base = root != null && !root.isBlank() ? Path.of(root) : Path.of(System.getProperty("user.dir")).getParent();
        Path chart = base.resolve("charts").resolve("arca");
        assertThat(chart.resolve("Chart.yaml")).as("the chart").exists();
        return chart;
    }

    /** Every non-empty document of a YAML stream (Helm's output), keyed {@code Kind/namespace/name}. */
    static Map<String, JsonNode> rendered(String yaml) {
        Map<String, JsonNode> objects = new TreeMap<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    objects.put(key(doc), doc);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    /** The objects as trees, through JSON text as Helm's are through YAML text, keyed like {@link #rendered}. */
    static Map<String, JsonNode> computed(List<HasMetadata> objects) {
        Map<String, JsonNode> trees = new TreeMap<>();
        for (HasMetadata o : objects) {
            try {
                JsonNode tree = YAML.readTree(Serialization.asJson(o));
                trees.put(key(tree), tree);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return trees;
    }

    static String crd(String plural) throws IOException {
        return Files.readString(dir().resolve("crds").resolve(plural + ".arca.dev-v1.yml"));
    }

    private static String key(JsonNode doc) {
        return doc.path("kind").asText() + "/" + doc.path("metadata").path("namespace").asText("-") + "/"
                + doc.path("metadata").path("name").asText();
    }
}

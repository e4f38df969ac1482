package dev.arca.server.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstallYamlTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static String print(boolean redact) {
        return InstallYaml.print(InstallManifests.objects(InstallOptions.defaults().withLocation(
                InstallManifestsTest.s3Location())), redact);
    }

    static List<JsonNode> documents(String yaml) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        return docs;
    }

    @Test
    void printingTheSameInstallTwiceGivesTheSameBytes() {
        assertThat(print(true)).isEqualTo(print(true));
        assertThat(InstallYaml.print(InstallManifests.objects(InstallOptions.defaults()), true))
                .isEqualTo(InstallYaml.print(InstallManifests.objects(InstallOptions.defaults()), true));
    }

    @Test
    void documentsFollowTheApplyOrderAndEveryMappingHasItsKeysSorted() throws Exception {
        List<JsonNode> docs = documents(print(true));
        assertThat(docs).extracting(d -> d.path("kind").asText()).containsExactlyElementsOf(InstallManifests.objects(
                InstallOptions.defaults().withLocation(InstallManifestsTest.s3Location())).stream()
                .map(o -> o.getKind()).toList());
        docs.forEach(InstallYamlTest::assertSorted);
    }

    @Test
    void aSecretsValuesAreRedactedUnlessAskedNot() {
        String redacted = print(true);
        assertThat(redacted).contains("passphrase: " + InstallYaml.REDACTED)
                .doesNotContain(java.util.Base64.getEncoder().encodeToString("correct horse battery".getBytes()));
        assertThat(print(false)).contains(java.util.Base64.getEncoder().encodeToString("correct horse battery".getBytes()));
    }

    @Test
    void theYamlReadsBackAsTheSameObjects() throws Exception {
        List<io.fabric8.kubernetes.api.model.HasMetadata> objects = InstallManifests.objects(InstallOptions.defaults()
                .withLocation(InstallManifestsTest.s3Location()));
        List<JsonNode> docs = documents(InstallYaml.print(objects, false));
        assertThat(docs).hasSameSizeAs(objects);
        for (int i = 0; i < docs.size(); i++) {
            JsonNode expected = new ObjectMapper().readTree(io.fabric8.kubernetes.client.utils.Serialization.asJson(
                    objects.get(i))); // through text, as the YAML is, so that 65532 is an int on both sides
            assertThat(docs.get(i)).as(objects.get(i).getKind()).isEqualTo(expected);
        }
    }

    private static void assertSorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            assertThat(names).isSorted();
            node.forEach(InstallYamlTest::assertSorted);
        } else if (node.isArray()) {
            node.forEach(InstallYamlTest::assertSorted);
        }
    }
}

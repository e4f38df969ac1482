package dev.arca.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

class BenchObjectsTest {
    private final BenchObjects objects = new BenchObjects(1001, 100);

    @Test
    void splitsObjectsHalfAndHalfRoundRobinOverTheNamespaces() {
        assertThat(objects.configMaps()).isEqualTo(501);
        assertThat(objects.secrets()).isEqualTo(500);
        assertThat(objects.namespaceNames("bench")).hasSize(100).startsWith("bench-000").endsWith("bench-099");
        assertThat(objects.entry("bench", 0)).isEqualTo("bench-000/cm-0000000");
        assertThat(objects.entry("bench", 101)).isEqualTo("bench-001/secret-0000101");
        assertThat(BenchObjects.context(101).getPlural()).isEqualTo("secrets");
    }

    @Test
    void theSameIndexGivesTheSameObjectUnderAnotherPrefix() {
        GenericKubernetesResource loaded = objects.item("bench", 42);
        GenericKubernetesResource posted = objects.item("floor", 42);

        assertThat(posted.getMetadata().getNamespace()).isEqualTo("floor-042");
        assertThat(posted.getMetadata().getName()).isEqualTo(loaded.getMetadata().getName());
        assertThat(posted.getAdditionalProperties()).isEqualTo(loaded.getAdditionalProperties());
    }

    @Test
    void eachObjectCarriesAboutAKilobyteOfData() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int i : new int[] {0, 1}) {
            String data = json.writeValueAsString(objects.item("bench", i).getAdditionalProperties().get("data"));
            assertThat(data.length()).isBetween(BenchObjects.PAYLOAD_BYTES, BenchObjects.PAYLOAD_BYTES + 64);
        }
    }
}

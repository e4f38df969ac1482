package dev.arca.fleet.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.placement.Placed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CellWorkloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWorkloadOnACellIsItsOwnObjectWithTheCellOnItsPodsAndSelector() throws Exception {
        ObjectNode d = (ObjectNode) JSON.readTree("{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},\"spec\":"
                + "{\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}}}}}");
        ObjectNode out = CellWorkloads.forCell(d, "eu-a");
        assertThat(out.at("/metadata/name").asText()).isEqualTo("web-eu-a");
        assertThat(out.at("/metadata/labels/fleet.arca.dev~1cell").asText()).isEqualTo("eu-a");
        assertThat(out.at("/spec/selector/matchLabels/fleet.arca.dev~1cell").asText()).isEqualTo("eu-a");
        assertThat(out.at("/spec/template/metadata/labels/fleet.arca.dev~1cell").asText()).isEqualTo("eu-a");
    }

    @Test
    void otherObjectsAreOnePerMemberWhateverTheCells() throws Exception {
        List<Placed> cells = List.of(new Placed("team/eu", "eu-a", Map.of("zone", "a"), null),
                new Placed("team/eu", "eu-b", Map.of("zone", "b"), null), new Placed("team/us", "us-a", Map.of(), null));
        assertThat(CellWorkloads.forKind("ConfigMap", cells)).extracting(Placed::key).containsExactly("team/eu", "team/us");
        assertThat(CellWorkloads.forKind("Deployment", cells)).hasSize(3);
        ObjectNode cm = (ObjectNode) JSON.readTree("{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");
        assertThat(CellWorkloads.forCell(cm, "eu-a").at("/metadata/name").asText()).isEqualTo("c");
    }
}

package dev.arca.fleet.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.fleet.placement.Placed;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.OverridePolicy;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.SyncRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Work is rendered again exactly when one of the inputs besides the version's content changed. */
class WorkInputsTest {
    private static final Placed TARGET = new Placed("team/eu", "eu-a", Map.of("zone", "a"), 3);

    @Test
    void theSameInputsGiveTheSameFingerprintInAnyMapOrder() {
        String one = WorkWriter.inputs("h1", member(Map.of("region", "eu", "tier", "1")), TARGET, 3, List.of(), new PolicySpec());
        String two = WorkWriter.inputs("h1", member(new java.util.LinkedHashMap<>(Map.of("tier", "1", "region", "eu"))),
                TARGET, 3, List.of(), new PolicySpec());
        assertThat(one).isEqualTo(two).hasSize(16);
    }

    @Test
    void eachInputChangesTheFingerprint() {
        MemberCluster eu = member(Map.of("region", "eu"));
        PolicySpec spec = new PolicySpec();
        String base = WorkWriter.inputs("h1", eu, TARGET, 3, List.of(), spec);
        assertThat(WorkWriter.inputs("h2", eu, TARGET, 3, List.of(), spec)).as("version").isNotEqualTo(base);
        assertThat(WorkWriter.inputs("h1", member(Map.of("region", "us")), TARGET, 3, List.of(), spec)).as("member labels")
                .isNotEqualTo(base);
        assertThat(WorkWriter.inputs("h1", eu, new Placed("team/eu", "eu-b", Map.of("zone", "b"), 3), 3, List.of(), spec))
                .as("cell").isNotEqualTo(base);
        assertThat(WorkWriter.inputs("h1", eu, TARGET, 4, List.of(), spec)).as("replicas").isNotEqualTo(base);
        assertThat(WorkWriter.inputs("h1", eu, TARGET, 3, List.of(override(1)), spec)).as("an override").isNotEqualTo(base);
        assertThat(WorkWriter.inputs("h1", eu, TARGET, 3, List.of(override(2)), spec))
                .as("an override's new generation").isNotEqualTo(WorkWriter.inputs("h1", eu, TARGET, 3, List.of(override(1)), spec));
        PolicySpec createOnly = new PolicySpec();
        createOnly.sync = new SyncRules();
        createOnly.sync.updateStrategy = SyncRules.UpdateStrategy.CreateOnly;
        assertThat(WorkWriter.inputs("h1", eu, TARGET, 3, List.of(), createOnly)).as("sync rules").isNotEqualTo(base);
    }

    @Test
    void aWorksSpecIsReplacedByAPatchThatCarriesNoResourceVersion() {
        dev.arca.fleet.resources.Work w = new dev.arca.fleet.resources.Work();
        w.getMetadata().setResourceVersion("41");
        dev.arca.fleet.resources.WorkSpec spec = new dev.arca.fleet.resources.WorkSpec();
        spec.templateHash = "h2";
        var ops = WorkWriter.specPatch(w, spec, "f1");
        assertThat(ops.toString()).doesNotContain("resourceVersion").doesNotContain("null");
        assertThat(ops.get(0).path("op").asText()).isEqualTo("replace");
        assertThat(ops.get(0).path("value").path("templateHash").asText()).isEqualTo("h2");
        assertThat(ops.get(1).path("path").asText()).as("no annotations yet: the map is added").isEqualTo("/metadata/annotations");
        assertThat(ops.get(1).path("value").path(WorkWriter.INPUTS).asText()).isEqualTo("f1");

        w.getMetadata().setAnnotations(Map.of(WorkWriter.INPUTS, "f0"));
        ops = WorkWriter.specPatch(w, spec, "f1");
        assertThat(ops.get(1).path("path").asText()).as("the key's slash escaped")
                .isEqualTo("/metadata/annotations/fleet.arca.dev~1inputs");
        assertThat(ops.get(1).path("value").asText()).isEqualTo("f1");
    }

    private static MemberCluster member(Map<String, String> labels) {
        MemberCluster m = new MemberCluster();
        m.getMetadata().setNamespace("team");
        m.getMetadata().setName("eu");
        m.getMetadata().setLabels(labels);
        return m;
    }

    private static OverridePolicy override(long generation) {
        OverridePolicy o = new OverridePolicy();
        o.getMetadata().setName("images");
        o.getMetadata().setUid("u-1");
        o.getMetadata().setGeneration(generation);
        return o;
    }
}

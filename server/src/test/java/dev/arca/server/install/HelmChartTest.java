package dev.arca.server.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.arca.server.resources.Crds;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * charts/arca against {@link InstallManifests}, with real Helm: it lints clean, its CRDs are the
 * generated ones byte for byte, and its templates render exactly the objects {@code arca install}
 * applies (but the Namespace, which {@code helm install --create-namespace} makes, and the CRDs, which
 * are in {@code crds/}). Helm adds no labels of its own here, so nothing is ignored in the comparison.
 */
class HelmChartTest {

    @Test
    void theChartLintsWithoutErrorsOrWarnings() {
        LintResult lint = new Helm(Chart.dir()).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void theChartsCrdsAreTheGeneratedOnesByteForByte() throws Exception {
        for (String plural : Crds.PLURALS) {
            assertThat(Chart.crd(plural)).as("charts/arca/crds/" + plural + ".arca.dev-v1.yml differs from the generated CRD; "
                    + "copy server/src/main/resources/crds/" + plural + ".arca.dev-v1.yml over it").isEqualTo(Crds.yaml(plural));
        }
    }

    @Test
    void theDefaultValuesRenderWhatArcaInstallApplies() {
        String yaml = new Helm(Chart.dir()).template().withName("arca").withNamespace("arca").call();
        Map<String, JsonNode> rendered = Chart.rendered(yaml);
        Map<String, JsonNode> expected = Chart.computed(InstallManifests.server(InstallOptions.defaults()));
        assertThat(rendered.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((key, tree) -> assertThat(rendered.get(key)).as(key).isEqualTo(tree));
    }

    @Test
    void theValuesAndTheReleaseNamespaceReachTheObjectsAsArcaInstallsFlagsDo() {
        String yaml = new Helm(Chart.dir()).template().withName("arca").withNamespace("backup-system")
                .set("image", "registry.example/arca:1.2").set("imagePullPolicy", "Always").set("replicas", 3)
                .set("metricsPort", 9100).call();
        InstallOptions options = InstallOptions.defaults().withNamespace("backup-system")
                .withImage("registry.example/arca:1.2", "Always").withReplicas(3).withMetricsPort(9100);
        Map<String, JsonNode> rendered = Chart.rendered(yaml);
        Chart.computed(InstallManifests.server(options)).forEach((key, tree) -> assertThat(rendered.get(key)).as(key)
                .isEqualTo(tree));
        assertThat(rendered).hasSize(InstallManifests.server(options).size());
    }
}

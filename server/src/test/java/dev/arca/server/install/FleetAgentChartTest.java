package dev.arca.server.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * charts/arca with the fleet's Pull-mode agent on ({@code fleetAgent.*}), rendered by real Helm: its
 * ServiceAccount, the least member-side RBAC its applier uses, and one Deployment running
 * {@code arca fleet agent} in-cluster with the hub's kubeconfig from a Secret.
 */
class FleetAgentChartTest {
    private static final String NS = "arca-system";
    private static final String DEPLOYMENT = "Deployment/" + NS + "/arca-fleet-agent";

    private static TemplateCommand agent() {
        return new Helm(Chart.dir()).template().withName("arca").withNamespace(NS)
                .set("fleetAgent.enabled", "true").set("fleetAgent.memberName", "edge")
                .set("fleetAgent.workspace", "team-a").set("fleetAgent.hubKubeconfigSecret", "arca-fleet-hub");
    }

    @Test
    void theAgentIsOffByDefault() {
        Map<String, JsonNode> rendered = Chart.rendered(new Helm(Chart.dir()).template().withName("arca").withNamespace(NS).call());
        assertThat(rendered.keySet()).noneMatch(k -> k.contains("fleet-agent"));
    }

    /** Helm's lint takes no --set here: a copy of the chart whose values.yaml turns the agent on. */
    @Test
    void theChartWithTheAgentLintsWithoutErrorsOrWarnings(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("arca");
        try (Stream<Path> files = Files.walk(Chart.dir())) {
            for (Path f : files.toList()) {
                Path target = copy.resolve(Chart.dir().relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        String values = Files.readString(copy.resolve("values.yaml"));
        String on = values.replace("fleetAgent:\n  enabled: false", "fleetAgent:\n  enabled: true")
                .replace("memberName: \"\"", "memberName: edge").replace("hubKubeconfigSecret: \"\"", "hubKubeconfigSecret: hub");
        assertThat(on).as("the values the lint turns on").isNotEqualTo(values).contains("enabled: true", "memberName: edge",
                "hubKubeconfigSecret: hub");
        Files.writeString(copy.resolve("values.yaml"), on);
        assertThat(Chart.rendered(new Helm(copy).template().withName("arca").withNamespace(NS).call())).containsKey(DEPLOYMENT);
        LintResult lint = new Helm(copy).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void withTheServerOffOnlyTheAgentsObjectsAreRendered() {
        Map<String, JsonNode> rendered = Chart.rendered(agent().set("server.enabled", "false").call());
        assertThat(rendered.keySet()).containsExactlyInAnyOrder(
                "ServiceAccount/" + NS + "/arca-fleet-agent",
                "ClusterRole/-/arca-fleet-agent",
                "ClusterRoleBinding/-/arca-fleet-agent-" + NS,
                DEPLOYMENT);
        rendered.values().forEach(o -> assertThat(o.path("metadata").path("labels").path("app.kubernetes.io/component").asText())
                .as(o.path("kind").asText()).isEqualTo("fleet-agent"));
    }

    @Test
    void withTheServerOnTheAgentComesBesideTheServersObjects() {
        Map<String, JsonNode> rendered = Chart.rendered(agent().call());
        assertThat(rendered).containsKeys("Deployment/" + NS + "/arca-server", DEPLOYMENT);
        assertThat(rendered.get("Service/" + NS + "/arca-server").path("spec").path("selector").path("app.kubernetes.io/component")
                .asText()).as("the server's Service does not select the agent's pod").isEqualTo("server");
    }

    @Test
    void theAgentsClusterRoleHasOnlyTheVerbsItsApplierUsesAndIsBoundToItsServiceAccount() {
        Map<String, JsonNode> rendered = Chart.rendered(agent().call());
        JsonNode rules = rendered.get("ClusterRole/-/arca-fleet-agent").path("rules");
        assertThat(rules).hasSize(1);
        assertThat(texts(rules.get(0).path("apiGroups"))).containsExactly("*");
        assertThat(texts(rules.get(0).path("resources"))).containsExactly("*");
        assertThat(texts(rules.get(0).path("verbs"))).containsExactly("get", "create", "patch", "delete");
        JsonNode binding = rendered.get("ClusterRoleBinding/-/arca-fleet-agent-" + NS);
        assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("ClusterRole");
        assertThat(binding.path("roleRef").path("name").asText()).isEqualTo("arca-fleet-agent");
        assertThat(binding.path("subjects")).hasSize(1);
        assertThat(binding.path("subjects").get(0).path("kind").asText()).isEqualTo("ServiceAccount");
        assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo("arca-fleet-agent");
        assertThat(binding.path("subjects").get(0).path("namespace").asText()).isEqualTo(NS);
    }

    @Test
    void narrowerRulesFromTheValuesReplaceTheDefault() {
        Map<String, JsonNode> rendered = Chart.rendered(agent().set("fleetAgent.rules[0].apiGroups[0]", "")
                .set("fleetAgent.rules[0].resources[0]", "configmaps").set("fleetAgent.rules[0].resources[1]", "namespaces")
                .set("fleetAgent.rules[0].verbs[0]", "get").set("fleetAgent.rules[0].verbs[1]", "patch").call());
        JsonNode rule = rendered.get("ClusterRole/-/arca-fleet-agent").path("rules").get(0);
        assertThat(texts(rule.path("apiGroups"))).containsExactly("");
        assertThat(texts(rule.path("resources"))).containsExactly("configmaps", "namespaces");
        assertThat(texts(rule.path("verbs"))).containsExactly("get", "patch");
    }

    @Test
    void theDeploymentRunsOneAgentInClusterWithTheHubsKubeconfigFromTheSecret() {
        JsonNode d = Chart.rendered(agent().set("image", "registry.example/arca:1.2").set("fleetAgent.resync", "5s")
                .set("fleetAgent.hubKubeconfigKey", "config").call()).get(DEPLOYMENT);
        assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(d.path("spec").path("strategy").path("type").asText()).as("two agents of one member never overlap")
                .isEqualTo("Recreate");
        JsonNode pod = d.path("spec").path("template").path("spec");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("arca-fleet-agent");
        JsonNode labels = d.path("spec").path("template").path("metadata").path("labels");
        d.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e ->
                assertThat(labels.path(e.getKey())).as("pod label " + e.getKey()).isEqualTo(e.getValue()));
        assertThat(labels.path("app.kubernetes.io/component").asText()).isEqualTo("fleet-agent");
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("image").asText()).isEqualTo("registry.example/arca:1.2");
        assertThat(texts(container.path("args"))).containsExactly("fleet", "agent", "--hub-kubeconfig", "/etc/arca/hub/kubeconfig",
                "--member", "edge", "--namespace", "team-a", "--resync", "5s");
        assertThat(texts(container.path("args"))).as("the member is the pod's own cluster").doesNotContain("--kubeconfig");
        assertThat(container.has("livenessProbe") || container.has("readinessProbe")).as("the agent serves no endpoint").isFalse();
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        JsonNode hub = volume(pod, "hub").path("secret");
        assertThat(hub.path("secretName").asText()).isEqualTo("arca-fleet-hub");
        assertThat(hub.path("items").get(0).path("key").asText()).isEqualTo("config");
        assertThat(hub.path("items").get(0).path("path").asText()).isEqualTo("kubeconfig");
        assertThat(hub.path("defaultMode").asInt()).as("readable by the pod's group only").isEqualTo(0440);
        assertThat(texts(container.path("volumeMounts").findValues("mountPath").stream().toList()))
                .contains("/etc/arca/hub", "/tmp", "/home/arca");
    }

    @Test
    void aMissingMemberNameOrSecretFailsTheRenderSayingWhatToSet() {
        assertThatThrownBy(() -> new Helm(Chart.dir()).template().withName("arca").withNamespace(NS)
                .set("fleetAgent.enabled", "true").set("fleetAgent.hubKubeconfigSecret", "hub").call())
                .hasMessageContaining("fleetAgent.memberName is required").hasMessageContaining("arca fleet join NAME --pull");
        assertThatThrownBy(() -> new Helm(Chart.dir()).template().withName("arca").withNamespace(NS)
                .set("fleetAgent.enabled", "true").set("fleetAgent.memberName", "edge").call())
                .hasMessageContaining("fleetAgent.hubKubeconfigSecret is required").hasMessageContaining("--agent-kubeconfig-out");
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name + " in " + pod);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> texts(List<JsonNode> nodes) {
        return nodes.stream().map(JsonNode::asText).toList();
    }
}

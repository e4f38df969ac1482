package dev.arca.fleet.render;

import static dev.arca.fleet.render.Fixtures.PLAIN;
import static dev.arca.fleet.render.Fixtures.deployment;
import static dev.arca.fleet.render.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.SyncRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererTest {

    @Test
    void stripsServerOwnedFieldsAndStatusWithoutTouchingTheTemplate() {
        ObjectNode template = json("""
                {"apiVersion": "v1", "kind": "ConfigMap",
                 "metadata": {"name": "cfg", "namespace": "shop", "uid": "u-1", "resourceVersion": "42", "generation": 3,
                   "creationTimestamp": "2026-01-01T00:00:00Z", "deletionTimestamp": "2026-01-02T00:00:00Z",
                   "deletionGracePeriodSeconds": 30, "managedFields": [{"manager": "kubectl"}],
                   "ownerReferences": [{"kind": "X", "name": "x"}], "finalizers": ["f"], "selfLink": "/api/v1/x",
                   "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}", "keep": "me"}},
                 "data": {"k": "v"}, "status": {"x": 1}}
                """);
        ObjectNode before = template.deepCopy();
        ObjectNode out = Renderer.render(template, PLAIN, List.of(), null, "shop.cfg");
        assertThat(out).isEqualTo(json("""
                {"apiVersion": "v1", "kind": "ConfigMap",
                 "metadata": {"name": "cfg", "namespace": "shop", "annotations": {"keep": "me"},
                              "labels": {"fleet.arca.dev/binding": "shop.cfg"}},
                 "data": {"k": "v"}}
                """));
        assertThat(template).isEqualTo(before);
    }

    @Test
    void strippedRemovesOnlyServerFieldsAndStatusIntoANewTree() {
        ObjectNode d = Fixtures.deployment();
        d.with("metadata").put("uid", "u").put("resourceVersion", "7");
        d.putObject("status").put("replicas", 3);
        ObjectNode out = Renderer.stripped(d);
        assertThat(out).isEqualTo(Fixtures.deployment());
        assertThat(d.has("status")).isTrue();
        assertThatThrownBy(() -> Renderer.stripped(json("{\"a\": [1]}").get("a"))).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("ARRAY");
    }

    @Test
    void stripsWhatTheHubsControllersWroteTheBoundVolumeAndTheScheduledNode() {
        ObjectNode pvc = Renderer.stripped(json("{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":"
                + "{\"name\":\"data\",\"annotations\":{\"pv.kubernetes.io/bind-completed\":\"yes\",\"team\":\"a\"}},"
                + "\"spec\":{\"volumeName\":\"pvc-123\",\"storageClassName\":\"fast\"}}"));
        assertThat(pvc.at("/spec/volumeName").isMissingNode()).isTrue();
        assertThat(pvc.at("/spec/storageClassName").asText()).isEqualTo("fast");
        assertThat(pvc.at("/metadata/annotations").has("pv.kubernetes.io/bind-completed")).isFalse();
        assertThat(pvc.at("/metadata/annotations/team").asText()).isEqualTo("a");
        ObjectNode pod = Renderer.stripped(json("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},"
                + "\"spec\":{\"nodeName\":\"hub-node\",\"containers\":[]}}"));
        assertThat(pod.at("/spec/nodeName").isMissingNode()).isTrue();
        ObjectNode deployment = Renderer.stripped(json("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":"
                + "{\"name\":\"d\",\"annotations\":{\"deployment.kubernetes.io/revision\":\"3\"}}}"));
        assertThat(deployment.at("/metadata/annotations").has("deployment.kubernetes.io/revision")).isFalse();
    }

    @Test
    void stripsTheAllocatedClusterIpOfAServiceButKeepsAHeadlessOne() {
        ObjectNode svc = json("""
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
                 "spec": {"clusterIP": "10.0.0.7", "clusterIPs": ["10.0.0.7"], "ports": [{"port": 80}]}}
                """);
        assertThat(Renderer.render(svc, PLAIN, List.of(), null, "b").path("spec").has("clusterIP")).isFalse();
        assertThat(Renderer.render(svc, PLAIN, List.of(), null, "b").path("spec").has("clusterIPs")).isFalse();
        svc.with("spec").put("clusterIP", "None").putArray("clusterIPs").add("None");
        assertThat(Renderer.render(svc, PLAIN, List.of(), null, "b").path("spec").path("clusterIP").asText()).isEqualTo("None");
    }

    @Test
    void stripsTheControllerUidSelectorAndLabelsOfAJobUnlessItsSelectorIsManual() {
        ObjectNode job = json("""
                {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "once"},
                 "spec": {"selector": {"matchLabels": {"controller-uid": "u-9"}},
                          "template": {"metadata": {"labels": {"controller-uid": "u-9", "job-name": "once", "app": "a",
                                          "batch.kubernetes.io/controller-uid": "u-9", "batch.kubernetes.io/job-name": "once"}},
                                       "spec": {"containers": [{"name": "c", "image": "busybox"}]}}}}
                """);
        ObjectNode out = Renderer.render(job, PLAIN, List.of(), null, "b");
        assertThat(out.path("spec").has("selector")).isFalse();
        assertThat(out.at("/spec/template/metadata/labels")).isEqualTo(json("{\"app\": \"a\"}"));
        job.with("spec").put("manualSelector", true);
        assertThat(Renderer.render(job, PLAIN, List.of(), null, "b").at("/spec/selector/matchLabels/controller-uid").asText())
                .isEqualTo("u-9");
    }

    @Test
    void labelsAndAnnotationsFlowOnlyWhenAllowedAndNotDenied() {
        ObjectNode cm = json("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c",
                  "labels": {"app": "a", "team.example.com/owner": "x", "team.example.com/secret-ish": "y", "other": "z"},
                  "annotations": {"a.io/one": "1", "b.io/two": "2"}}}
                """);
        SyncRules sync = new SyncRules();
        sync.labels = new SyncRules.PrefixRules();
        sync.labels.allow = List.of("app", "team.example.com/");
        sync.labels.deny = List.of("team.example.com/secret");
        sync.annotations = new SyncRules.PrefixRules();
        sync.annotations.deny = List.of("b.io/");
        ObjectNode out = Renderer.render(cm, PLAIN, List.of(), sync, "shop.c");
        assertThat(out.at("/metadata/labels")).isEqualTo(json("""
                {"app": "a", "team.example.com/owner": "x", "fleet.arca.dev/binding": "shop.c"}"""));
        assertThat(out.at("/metadata/annotations")).isEqualTo(json("{\"a.io/one\": \"1\"}"));
        assertThat(Renderer.render(cm, PLAIN, List.of(), null, "shop.c").at("/metadata/labels").size()).isEqualTo(5);
        assertThat(Renderer.render(cm, PLAIN, List.of(), new SyncRules(), "shop.c").at("/metadata/annotations").size()).isEqualTo(2);
    }

    @Test
    void setsTheTargetsReplicasOnlyWhereTheObjectHasReplicas() {
        RenderTarget two = new RenderTarget("t", "m", Map.of(), null, null, 2);
        assertThat(Renderer.render(deployment(), two, List.of(), null, "b").at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(Renderer.render(deployment(), PLAIN, List.of(), null, "b").at("/spec/replicas").asInt()).isEqualTo(3);
        ObjectNode ds = json("{\"apiVersion\": \"apps/v1\", \"kind\": \"DaemonSet\", \"metadata\": {\"name\": \"d\"}, \"spec\": {}}");
        assertThat(Renderer.render(ds, two, List.of(), null, "b").path("spec").has("replicas")).isFalse();
    }

    @Test
    void mergesTheCellsNodeSelectorIntoThePodTemplateOfEveryWorkloadKind() {
        RenderTarget cell = new RenderTarget("t", "m", Map.of(), "cell-a", Map.of("arca.dev/cell", "a"), null);
        String spec = "{\"nodeSelector\": {\"disk\": \"ssd\"}, \"containers\": [{\"name\": \"c\", \"image\": \"i\"}]}";
        String tpl = "{\"template\": {\"spec\": " + spec + "}}";
        Map<String, String> objects = Map.of(
                "/spec/nodeSelector", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, \"spec\": " + spec + "}",
                "/spec/template/spec/nodeSelector", "{\"apiVersion\": \"apps/v1\", \"kind\": \"StatefulSet\", \"metadata\": {\"name\": \"s\"}, \"spec\": " + tpl + "}",
                "/spec/jobTemplate/spec/template/spec/nodeSelector", "{\"apiVersion\": \"batch/v1\", \"kind\": \"CronJob\", "
                        + "\"metadata\": {\"name\": \"c\"}, \"spec\": {\"jobTemplate\": {\"spec\": " + tpl + "}}}");
        objects.forEach((path, text) -> assertThat(Renderer.render(json(text), cell, List.of(), null, "b").at(path))
                .as(path).isEqualTo(json("{\"disk\": \"ssd\", \"arca.dev/cell\": \"a\"}")));
        for (String kind : List.of("Deployment", "DaemonSet", "ReplicaSet")) {
            ObjectNode obj = json("{\"apiVersion\": \"apps/v1\", \"kind\": \"" + kind + "\", \"metadata\": {\"name\": \"x\"}, \"spec\": "
                    + "{\"template\": {\"spec\": {\"containers\": []}}}}");
            assertThat(Renderer.render(obj, cell, List.of(), null, "b").at("/spec/template/spec/nodeSelector/arca.dev~1cell").asText())
                    .as(kind).isEqualTo("a");
        }
        assertThat(Renderer.render(json("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\"}}"),
                cell, List.of(), null, "b").has("spec")).isFalse();
    }

    @Test
    void labelsTheCopyWithItsBindingOverwritingAnyHubValue() {
        ObjectNode d = deployment();
        d.with("metadata").with("labels").put(FleetResources.BINDING_LABEL, "forged");
        assertThat(Renderer.render(d, PLAIN, List.of(), null, "shop.web").at("/metadata/labels/fleet.arca.dev~1binding").asText())
                .isEqualTo("shop.web");
    }

    @Test
    void aLongBindingKeyBecomesAValidDistinctLabelValue() {
        String a = "tenant-namespace." + "x".repeat(80) + "-a";
        String b = "tenant-namespace." + "x".repeat(80) + "-b";
        assertThat(Renderer.labelValue("shop.web")).isEqualTo("shop.web");
        assertThat(Renderer.labelValue(a)).hasSizeLessThanOrEqualTo(63).matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")
                .startsWith("tenant-namespace.xxx").isNotEqualTo(Renderer.labelValue(b));
        assertThat(Renderer.labelValue(a)).isEqualTo(Renderer.labelValue(a));
        assertThat(Renderer.labelValue("x".repeat(63))).isEqualTo("x".repeat(63));
        assertThat(Renderer.labelValue("x".repeat(64))).hasSize(63);
        assertThatThrownBy(() -> Renderer.labelValue("")).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("namespace.name");
    }
}

package dev.arca.fleet.render;

import static dev.arca.fleet.render.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.fleet.resources.ObjectRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependenciesTest {

    private static List<String> names(List<ObjectRef> refs) {
        return refs.stream().map(r -> r.apiVersion + " " + r).toList();
    }

    @Test
    void findsEveryConfigMapSecretAndServiceAccountOfThePodTemplateOnce() {
        var deps = Dependencies.of(json("""
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"},
                 "spec": {"template": {"spec": {
                   "serviceAccountName": "web-sa",
                   "imagePullSecrets": [{"name": "pull"}],
                   "volumes": [{"name": "a", "configMap": {"name": "cm-vol"}}, {"name": "b", "secret": {"secretName": "s-vol"}},
                               {"name": "c", "projected": {"sources": [{"configMap": {"name": "cm-proj"}}, {"secret": {"name": "s-proj"}},
                                                                      {"serviceAccountToken": {"path": "t"}}]}},
                               {"name": "d", "emptyDir": {}}],
                   "initContainers": [{"name": "i", "envFrom": [{"configMapRef": {"name": "cm-vol"}}]}],
                   "containers": [{"name": "c", "envFrom": [{"secretRef": {"name": "s-envfrom"}}],
                                   "env": [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "cm-key", "key": "k"}}},
                                           {"name": "Y", "valueFrom": {"secretKeyRef": {"name": "pull", "key": "k"}}},
                                           {"name": "Z", "value": "plain"}]}]}}}}
                """));
        assertThat(names(deps)).containsExactly("v1 ServiceAccount/shop/web-sa", "v1 ConfigMap/shop/cm-vol", "v1 Secret/shop/s-vol",
                "v1 ConfigMap/shop/cm-proj", "v1 Secret/shop/s-proj", "v1 Secret/shop/s-envfrom", "v1 ConfigMap/shop/cm-key",
                "v1 Secret/shop/pull");
    }

    @Test
    void theDefaultServiceAccountAndKindsWithoutPodsHaveNoDependencies() {
        assertThat(Dependencies.of(json("""
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "shop"},
                 "spec": {"serviceAccountName": "default", "containers": [{"name": "c"}]}}
                """))).isEmpty();
        assertThat(Dependencies.of(json("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\"}}"))).isEmpty();
    }

    @Test
    void aCronJobsPodTemplateIsRead() {
        var deps = Dependencies.of(json("""
                {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c", "namespace": "ops"},
                 "spec": {"jobTemplate": {"spec": {"template": {"spec": {"volumes": [{"name": "v", "secret": {"secretName": "creds"}}]}}}}}}
                """));
        assertThat(names(deps)).containsExactly("v1 Secret/ops/creds");
    }
}

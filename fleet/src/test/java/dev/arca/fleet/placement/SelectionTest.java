package dev.arca.fleet.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.fleet.resources.PolicySpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectionTest {

    private static PolicySpec.ResourceSelector selector(String namespace, String name) {
        var s = new PolicySpec.ResourceSelector();
        s.apiVersion = "apps/v1";
        s.kind = "Deployment";
        s.namespace = namespace;
        s.name = name;
        return s;
    }

    @Test
    void apiVersionAndKindMustBeEqual() {
        var s = selector(null, null);
        assertThat(Selection.matches(s, "apps/v1", "Deployment", "shop", "web", Map.of())).isTrue();
        assertThat(Selection.matches(s, "apps/v1", "StatefulSet", "shop", "web", Map.of())).isFalse();
        assertThat(Selection.matches(s, "extensions/v1beta1", "Deployment", "shop", "web", Map.of())).isFalse();
        assertThat(Selection.matches(null, "apps/v1", "Deployment", "shop", "web", Map.of())).isFalse();
    }

    @Test
    void namespaceAndNameNarrowWhenGiven() {
        assertThat(Selection.matches(selector("shop", "web"), "apps/v1", "Deployment", "shop", "web", Map.of())).isTrue();
        assertThat(Selection.matches(selector("shop", "web"), "apps/v1", "Deployment", "shop", "api", Map.of())).isFalse();
        assertThat(Selection.matches(selector("shop", null), "apps/v1", "Deployment", "blog", "web", Map.of())).isFalse();
        assertThat(Selection.matches(selector("", ""), "apps/v1", "Deployment", "blog", "web", Map.of())).isTrue();
    }

    @Test
    void labelSelectorMustMatchTheObjectsLabels() {
        var s = selector(null, null);
        s.labelSelector = new LabelSelectorBuilder().addToMatchLabels("app", "web").build();
        assertThat(Selection.matches(s, "apps/v1", "Deployment", "shop", "x", Map.of("app", "web"))).isTrue();
        assertThat(Selection.matches(s, "apps/v1", "Deployment", "shop", "x", Map.of("app", "api"))).isFalse();
        assertThat(Selection.matches(s, "apps/v1", "Deployment", "shop", "x", null)).isFalse();
    }
}

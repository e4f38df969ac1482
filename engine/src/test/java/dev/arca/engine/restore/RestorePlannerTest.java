package dev.arca.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestorePlannerTest {
    @Test
    void tiersFollowDefinitionsVolumesIdentitiesConfigServicesWorkloadsThenTheRestAndCustomResourcesLast() {
        Map<String, List<String>> list = Map.of(
                "widgets.example.com", List.of("shop/w1"),
                "customresourcedefinitions.apiextensions.k8s.io", List.of("widgets.example.com"),
                "deployments.apps", List.of("shop/web"),
                "ingresses.networking.k8s.io", List.of("shop/web"),
                "configmaps", List.of("shop/c"),
                "services", List.of("shop/web"),
                "namespaces", List.of("shop"),
                "persistentvolumeclaims", List.of("shop/data"),
                "serviceaccounts", List.of("shop/app"));
        RestorePlan plan = RestorePlanner.plan(list);
        assertThat(plan.tiers()).containsExactly(
                java.util.Set.of("customresourcedefinitions.apiextensions.k8s.io", "namespaces"),
                java.util.Set.of("persistentvolumeclaims"),
                java.util.Set.of("serviceaccounts"),
                java.util.Set.of("configmaps"),
                java.util.Set.of("services"),
                java.util.Set.of("deployments.apps"),
                java.util.Set.of("ingresses.networking.k8s.io"),
                java.util.Set.of("widgets.example.com"));
        assertThat(plan.crdNames()).containsExactly("widgets.example.com");
        assertThat(plan.services()).containsExactly("shop/web");
    }
}

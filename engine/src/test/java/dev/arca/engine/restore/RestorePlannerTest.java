package dev.arca.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Problem;
import dev.arca.api.RestoreSpec;
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

    @Test
    void rolesAndClusterRolesComeInATierBeforeTheBindingsThatNameThem() {
        String rbac = ".rbac.authorization.k8s.io";
        RestorePlan plan = RestorePlanner.plan(Map.of(
                "serviceaccounts", List.of("shop/app"),
                "clusterroles" + rbac, List.of("reader"),
                "roles" + rbac, List.of("shop/own"),
                "clusterrolebindings" + rbac, List.of("shop-app-reader"),
                "rolebindings" + rbac, List.of("shop/read")));

        assertThat(plan.tiers()).containsExactly(
                java.util.Set.of("serviceaccounts", "clusterroles" + rbac, "roles" + rbac),
                java.util.Set.of("clusterrolebindings" + rbac, "rolebindings" + rbac));
    }

    @Test
    void namespaceFlagsThatNameNothingInTheBackupAreWarnings() {
        Map<String, List<String>> list = Map.of(
                "namespaces", List.of("shop"),
                "configmaps", List.of("shop/c", "web/c"),
                "persistentvolumes", List.of("pv-1"));
        RestoreSpec spec = new RestoreSpec("nightly", List.of("shop", "web*", "shpo", "*"), null, null, null, null, null,
                Map.of("shop", "shop-copy", "wbe", "web-copy"), false, false, null, null);

        List<String> messages = RestorePlanner.unmatchedNamespaces(spec, list).stream().map(Problem::message).toList();

        assertThat(messages).containsExactly(
                "--include-namespaces \"shpo\" matches no namespace in backup \"nightly\"; it holds shop, web",
                "--namespace-mappings source \"wbe\" is not a namespace in backup \"nightly\"; it holds shop, web");
        RestoreSpec all = new RestoreSpec("nightly", null, null, null, null, null, null, null, false, false, null, null);
        assertThat(RestorePlanner.unmatchedNamespaces(all, list)).isEmpty();
        assertThat(RestorePlanner.unmatchedNamespaces(spec, Map.of("persistentvolumes", List.of("pv-1"))))
                .extracting(Problem::message).first().asString().endsWith("; it holds no namespaced items");
        Map<String, List<String>> many = Map.of("configmaps", java.util.stream.IntStream.range(0, 25)
                .mapToObj(i -> String.format("ns-%02d/c", i)).toList());
        assertThat(RestorePlanner.unmatchedNamespaces(spec, many)).extracting(Problem::message).first().asString()
                .endsWith("; it holds ns-00, ns-01, ns-02, ns-03, ns-04, ns-05, ns-06, ns-07, ns-08, ns-09 and 15 more");
    }
}

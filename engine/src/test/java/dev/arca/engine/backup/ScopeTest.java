package dev.arca.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupSpec;
import dev.arca.api.Problem;
import dev.arca.engine.discovery.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {
    private static final List<String> LIST = List.of("get", "list");
    private static final List<ResourceType> TYPES = List.of(
            new ResourceType("", "v1", "ConfigMap", "configmaps", true, LIST),
            new ResourceType("", "v1", "Event", "events", true, LIST),
            new ResourceType("", "v1", "Namespace", "namespaces", false, LIST),
            new ResourceType("", "v1", "PersistentVolume", "persistentvolumes", false, LIST),
            new ResourceType("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, LIST),
            new ResourceType("apps", "v1", "Deployment", "deployments", true, LIST));
    private static final List<String> NAMESPACES = List.of("shop", "shop-test", "web", "kube-system");

    private static BackupSpec spec(List<String> include, Boolean cluster, String selector, List<String> or) {
        return new BackupSpec(include, List.of("*-test"), null, List.of("deployments"), cluster, selector, or, null, null);
    }

    private static List<String> names(List<ResourceType> types) {
        return types.stream().map(ResourceType::resource).toList();
    }

    @Test
    void includeFiltersThatSelectNothingAreNamedSoATypoIsNotAnEmptyBackup() {
        BackupSpec spec = new BackupSpec(List.of("shop", "shpo", "web*", "nope-*", "*"), List.of(),
                List.of("configmaps", "Deployment", "cofigmaps", "events", "widgets.example.com", "*"), List.of(),
                null, null, null, null, null);

        List<String> messages = Scope.unmatchedIncludes(spec, TYPES, NAMESPACES).stream().map(Problem::message).toList();

        assertThat(messages).containsExactly(
                "--include-namespaces \"shpo\" matches no namespace in the cluster; 'kubectl get namespaces' lists them",
                "--include-namespaces \"nope-*\" matches no namespace in the cluster; 'kubectl get namespaces' lists them",
                "--include-resources \"cofigmaps\" matches no resource type the cluster serves; 'kubectl api-resources' lists them",
                "--include-resources \"events\" names a type that is never backed up (docs/resources.md says which and why)",
                "--include-resources \"widgets.example.com\" matches no resource type the cluster serves; 'kubectl api-resources'"
                        + " lists them");
        assertThat(Scope.unmatchedIncludes(BackupSpec.everything(), TYPES, NAMESPACES)).isEmpty();
    }

    @Test
    void aWholeClusterBackupTakesClusterScopedTypesButNeverEventsAndListsEachTypeOnce() {
        Scope scope = Scope.resolve(spec(null, null, null, null), TYPES, NAMESPACES, Set.of());
        assertThat(scope.namespaces()).containsExactlyInAnyOrder("shop", "web", "kube-system");
        assertThat(names(scope.namespacedTypes())).containsExactly("configmaps");
        assertThat(names(scope.clusterTypes())).containsExactly("persistentvolumes", "clusterroles.rbac.authorization.k8s.io");
        assertThat(scope.listClusterWide()).isTrue();
    }

    @Test
    void aNamespaceBackupTakesClusterScopedItemsOnlyAsRelatedOnesUnlessAsked() {
        Scope auto = Scope.resolve(spec(List.of("shop*"), null, null, null), TYPES, NAMESPACES, Set.of());
        assertThat(auto.namespaces()).containsExactly("shop");
        assertThat(auto.clusterTypes()).isEmpty();
        assertThat(auto.listClusterWide()).isFalse();
        assertThat(auto.relatedAllowed("persistentvolumes", "PersistentVolume")).isTrue();
        assertThat(auto.relatedAllowed("events", "Event")).isFalse();
        Scope all = Scope.resolve(spec(List.of("shop"), true, null, null), TYPES, NAMESPACES, Set.of());
        assertThat(names(all.clusterTypes())).contains("persistentvolumes");
        Scope none = Scope.resolve(spec(null, false, null, null), TYPES, NAMESPACES, Set.of());
        assertThat(none.clusterTypes()).isEmpty();
    }

    @Test
    void theExcludeLabelWinsThenTheSelectorOrAnyOrSelectorDecides() {
        Scope selector = Scope.resolve(spec(null, null, "app=shop", null), TYPES, NAMESPACES, Set.of());
        assertThat(selector.labelsMatch(Map.of("app", "shop"))).isTrue();
        assertThat(selector.labelsMatch(Map.of("app", "web"))).isFalse();
        assertThat(selector.labelsMatch(Map.of("app", "shop", Scope.EXCLUDE_LABEL, "true"))).isFalse();
        Scope or = Scope.resolve(spec(null, null, null, List.of("app=shop", "tier=db")), TYPES, NAMESPACES, Set.of());
        assertThat(or.labelsMatch(Map.of("tier", "db"))).isTrue();
        assertThat(or.labelsMatch(Map.of("app", "shop"))).isTrue();
        assertThat(or.labelsMatch(Map.of("app", "web"))).isFalse();
        assertThat(Scope.resolve(spec(null, null, null, null), TYPES, NAMESPACES, Set.of()).labelsMatch(null)).isTrue();
    }

    @Test
    void manyNamespacesAreListedClusterWideRatherThanOneByOne() {
        List<String> many = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "ns" + i).toList();
        Scope scope = Scope.resolve(spec(List.of("ns*"), null, null, null), TYPES, many, Set.of());
        assertThat(scope.listClusterWide()).isTrue();
        assertThat(scope.namespaceIncluded("ns7")).isTrue();
        assertThat(scope.namespaceIncluded("other")).isFalse();
    }
}

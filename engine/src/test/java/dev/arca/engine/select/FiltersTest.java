package dev.arca.engine.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FiltersTest {
    @Test
    void includePatternsThatMatchNoNamespaceAreTheUnmatchedOnes() {
        assertThat(NamespaceFilter.unmatched(List.of("shop", "shpo", "web-?", "db-*", "*"), List.of("shop", "web-1")))
                .containsExactly("shpo", "db-*");
        assertThat(NamespaceFilter.unmatched(List.of("*"), List.of())).isEmpty();
    }

    @Test
    void namespaceGlobsIncludeAndExclusionsWin() {
        NamespaceFilter f = new NamespaceFilter(List.of("shop-*", "web"), List.of("shop-test"));
        assertThat(f.matches("shop-prod")).isTrue();
        assertThat(f.matches("web")).isTrue();
        assertThat(f.matches("shop-test")).isFalse();
        assertThat(f.matches("webx")).isFalse();
        assertThat(new NamespaceFilter(List.of(), List.of("kube-*")).matches("default")).isTrue();
        assertThat(new NamespaceFilter(List.of(), List.of("kube-*")).matches("kube-system")).isFalse();
    }

    @Test
    void namespaceGlobCharactersOtherThanStarAndQuestionMarkAreLiteral() {
        assertThat(new NamespaceFilter(List.of("a.b"), List.of()).matches("axb")).isFalse();
        assertThat(new NamespaceFilter(List.of("a?b"), List.of()).matches("axb")).isTrue();
    }

    @Test
    void resourcesAreNamedByPluralPluralGroupOrKind() {
        ResourceFilter byPlural = new ResourceFilter(List.of("deployments"), List.of());
        assertThat(byPlural.matches("deployments.apps", "Deployment")).isTrue();
        assertThat(byPlural.matches("statefulsets.apps", "StatefulSet")).isFalse();
        assertThat(new ResourceFilter(List.of("deployments.apps"), List.of()).matches("deployments.apps", "Deployment")).isTrue();
        assertThat(new ResourceFilter(List.of("deployments.extensions"), List.of()).matches("deployments.apps", "Deployment")).isFalse();
        assertThat(new ResourceFilter(List.of("Deployment"), List.of()).matches("deployments.apps", "Deployment")).isTrue();
        assertThat(new ResourceFilter(List.of("configmaps"), List.of()).matches("configmaps", "ConfigMap")).isTrue();
    }

    @Test
    void excludedResourcesWinOverIncludesAndWildcards() {
        ResourceFilter f = new ResourceFilter(List.of("*"), List.of("secrets"));
        assertThat(f.matches("configmaps", "ConfigMap")).isTrue();
        assertThat(f.matches("secrets", "Secret")).isFalse();
    }

    @Test
    void eventsNodesAndLeasesAreNeverBackedUp() {
        assertThat(NeverBackedUp.contains("events")).isTrue();
        assertThat(NeverBackedUp.contains("nodes")).isTrue();
        assertThat(NeverBackedUp.contains("leases.coordination.k8s.io")).isTrue();
        assertThat(NeverBackedUp.contains("configmaps")).isFalse();
    }
}

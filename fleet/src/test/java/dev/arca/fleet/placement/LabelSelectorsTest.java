package dev.arca.fleet.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.fleet.resources.Placement;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {

    @Test
    void matchLabelsAndEveryExpressionOperatorBehaveAsTheApiServer() {
        var sel = new LabelSelectorBuilder().addToMatchLabels("env", "prod")
                .addNewMatchExpression().withKey("region").withOperator("In").withValues("eu", "us").endMatchExpression()
                .addNewMatchExpression().withKey("tier").withOperator("NotIn").withValues("edge").endMatchExpression()
                .addNewMatchExpression().withKey("gpu").withOperator("DoesNotExist").endMatchExpression()
                .addNewMatchExpression().withKey("team").withOperator("Exists").endMatchExpression().build();
        assertThat(LabelSelectors.matches(sel, Map.of("env", "prod", "region", "eu", "team", "a"))).isTrue();
        assertThat(LabelSelectors.matches(sel, Map.of("env", "prod", "region", "asia", "team", "a"))).isFalse();
        assertThat(LabelSelectors.matches(sel, Map.of("env", "prod", "region", "eu", "team", "a", "tier", "edge"))).isFalse();
        assertThat(LabelSelectors.matches(sel, Map.of("env", "prod", "region", "eu", "team", "a", "gpu", "1"))).isFalse();
        assertThat(LabelSelectors.matches(sel, Map.of("env", "prod", "region", "eu"))).isFalse();
        assertThat(LabelSelectors.matches(sel, Map.of("env", "dev", "region", "eu", "team", "a"))).isFalse();
        assertThat(LabelSelectors.matches((io.fabric8.kubernetes.api.model.LabelSelector) null, Map.of())).isTrue();
    }

    @Test
    void anUnknownOperatorIsAClearError() {
        var sel = new LabelSelectorBuilder().addNewMatchExpression().withKey("k").withOperator("Gt").endMatchExpression().build();
        assertThatThrownBy(() -> LabelSelectors.matches(sel, Map.of()))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("'Gt'").hasMessageContaining("'k'");
    }

    @Test
    void clusterAffinityNamesNarrowAndExcludeRemoves() {
        var a = new Placement.ClusterAffinity();
        a.clusterNames = List.of("m1", "m2");
        a.exclude = List.of("m2");
        assertThat(LabelSelectors.matches(a, "m1", Map.of())).isTrue();
        assertThat(LabelSelectors.matches(a, "m2", Map.of())).isFalse();
        assertThat(LabelSelectors.matches(a, "m3", Map.of())).isFalse();
        assertThat(LabelSelectors.matches((Placement.ClusterAffinity) null, "m3", Map.of())).isTrue();
    }
}

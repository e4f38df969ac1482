package dev.arca.engine.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static final Map<String, String> SHOP = Map.of("app", "shop", "tier", "web");

    @Test
    void equalityTermsMustAllHold() {
        assertThat(LabelSelector.parse("app=shop,tier==web").matches(SHOP)).isTrue();
        assertThat(LabelSelector.parse("app=shop,tier=db").matches(SHOP)).isFalse();
        assertThat(LabelSelector.parse("tier!=db").matches(SHOP)).isTrue();
        assertThat(LabelSelector.parse("tier!=web").matches(SHOP)).isFalse();
    }

    @Test
    void anItemWithoutTheLabelIsInNoSet() {
        assertThat(LabelSelector.parse("env notin (test)").matches(SHOP)).isTrue();
        assertThat(LabelSelector.parse("env in (test)").matches(SHOP)).isFalse();
    }

    @Test
    void setTermsAndExistenceAreUnderstood() {
        assertThat(LabelSelector.parse("tier in (web, db)").matches(SHOP)).isTrue();
        assertThat(LabelSelector.parse("tier notin (web,db)").matches(SHOP)).isFalse();
        assertThat(LabelSelector.parse("app").matches(SHOP)).isTrue();
        assertThat(LabelSelector.parse("!app").matches(SHOP)).isFalse();
        assertThat(LabelSelector.parse("!missing,app in (shop)").matches(SHOP)).isTrue();
    }

    @Test
    void itemsWithoutLabelsMatchOnlyNegativeTerms() {
        assertThat(LabelSelector.parse("app=shop").matches(null)).isFalse();
        assertThat(LabelSelector.parse("!app").matches(null)).isTrue();
    }

    @Test
    void aMalformedSelectorIsRefusedWithAnExample() {
        assertThatThrownBy(() -> LabelSelector.parse("tier in web"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("tier in web").hasMessageContaining("e.g.");
        assertThatThrownBy(() -> LabelSelector.parse("=x")).isInstanceOf(ArcaException.InvalidInput.class);
    }
}

package dev.arca.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.archive.ItemKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestoreActionsTest {
    private static final ItemKey SETTINGS = new ItemKey("configmaps", "shop", "settings");

    private static ObjectNode item() {
        ObjectNode item = new ObjectMapper().createObjectNode();
        item.putObject("metadata").put("name", "settings");
        return item;
    }

    static final class Label implements RestoreItemAction {
        @Override
        public Optional<String> act(ItemKey key, String targetNamespace, ObjectNode item) {
            ((ObjectNode) item.get("metadata")).putObject("labels").put("copy-of", key.namespace() + "->" + targetNamespace);
            return Optional.empty();
        }
    }

    static final class Refuse implements RestoreItemAction {
        @Override
        public Optional<String> act(ItemKey key, String targetNamespace, ObjectNode item) {
            return Optional.of("not wanted in " + targetNamespace);
        }
    }

    static final class Broken implements RestoreItemAction {
        @Override
        public Optional<String> act(ItemKey key, String targetNamespace, ObjectNode item) {
            throw new IllegalStateException("no labels here");
        }
    }

    @Test
    void actionsChangeTheItemInOrderAndTheFirstThatSkipsItGivesTheReason() {
        ObjectNode item = item();

        String skipped = new RestoreActions(List.of(new Label(), new Refuse(), new Broken())).apply(SETTINGS, "shop-qa", item);

        assertThat(item.path("metadata").path("labels").path("copy-of").asText()).isEqualTo("shop->shop-qa");
        assertThat(skipped).isEqualTo("skipped by restore item action Refuse: not wanted in shop-qa");
        assertThat(new RestoreActions(List.of(new Label())).apply(SETTINGS, "shop", item())).isNull();
    }

    @Test
    void anActionThatThrowsFailsTheItemNamingTheActionAndTheItem() {
        assertThatThrownBy(() -> new RestoreActions(List.of(new Broken())).apply(SETTINGS, "shop", item()))
                .isInstanceOf(ArcaException.class)
                .hasMessage("restore item action " + Broken.class.getName() + " failed on configmaps shop/settings: no labels here;"
                        + " fix or remove the plugin that provides it");
    }
}

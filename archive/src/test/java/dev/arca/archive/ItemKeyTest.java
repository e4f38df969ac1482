package dev.arca.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ItemKeyTest {

    @Test
    void namespacedItemsFollowVelerosLayout() {
        ItemKey key = ItemKey.namespaced("deployments.apps", "shop", "web");

        assertThat(key.path()).isEqualTo("resources/deployments.apps/namespaces/shop/web.json");
        assertThat(key.listEntry()).isEqualTo("shop/web");
    }

    @Test
    void clusterScopedItemsLiveUnderCluster() {
        ItemKey key = ItemKey.cluster("namespaces", "shop");

        assertThat(key.path()).isEqualTo("resources/namespaces/cluster/shop.json");
        assertThat(key.listEntry()).isEqualTo("shop");
        assertThat(key.clusterScoped()).isTrue();
    }

    @Test
    void pathsParseBackToTheSameKey() {
        String longName = "a".repeat(200) + ".example.com";
        for (ItemKey key : new ItemKey[] {
                ItemKey.namespaced("configmaps", "default", "settings"),
                ItemKey.cluster("clusterroles.rbac.authorization.k8s.io", "system:aggregate-to-admin"),
                ItemKey.namespaced("widgets.example.com", "team-a", longName)}) {
            assertThat(ItemKey.fromPath(key.path())).isEqualTo(key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "resources/x/namespaces/../../etc/passwd.json",
            "resources/x/namespaces/ns/../../../passwd.json",
            "resources/x/cluster/...json",
            "/resources/x/cluster/a.json",
            "resources/../cluster/a.json",
            "metadata/x/cluster/a.json",
            "resources/x/cluster/a.yaml",
            "resources/x/cluster/.json",
            "resources/x/cluster/a/b.json",
            "resources/x/namespaces/a.json",
            "resources/x/elsewhere/ns/a.json",
            "resources/X/cluster/a.json",
            "resources\\x\\cluster\\a.json",
            ""})
    void fromPathRefusesAnythingButAnItemPath(String path) {
        assertThatThrownBy(() -> ItemKey.fromPath(path))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("is not an item path");
    }

    @Test
    void componentsThatCouldEscapeTheTreeAreRefused() {
        assertThatThrownBy(() -> new ItemKey("configmaps", "default", "a/b"))
                .isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> new ItemKey("configmaps", "default", ".."))
                .isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> new ItemKey("configmaps", "default", ""))
                .isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> new ItemKey("configmaps", "../etc", "a"))
                .isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> new ItemKey("../secrets", null, "a"))
                .isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> new ItemKey("", null, "a"))
                .isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> ItemKey.namespaced("configmaps", null, "a"))
                .isInstanceOf(ArcaException.InvalidInput.class);
    }

    @Test
    void namesLongerThanKubernetesAllowsAreRefused() {
        assertThatThrownBy(() -> ItemKey.cluster("namespaces", "a".repeat(254)))
                .isInstanceOf(ArcaException.InvalidInput.class);
        assertThat(ItemKey.cluster("nodes", "a".repeat(253)).name()).hasSize(253);
    }
}

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
    @ValueSource(strings = {"a..b", "..a", "a..", "...", "back\\slash", "per%cent", "line\nbreak", "tab\there",
            "del\u007f", "c1\u0085", "ünïcödé-名前", "system:aggregate-to-admin", "a.json"})
    void namesKubernetesAcceptsRoundTripThroughPathsWithoutUnsafeCharacters(String name) {
        for (ItemKey key : new ItemKey[] {ItemKey.cluster("roles.rbac.authorization.k8s.io", name),
                ItemKey.namespaced("roles.rbac.authorization.k8s.io", "team-a", name)}) {
            String path = key.path();

            assertThat(ItemKey.fromPath(path)).isEqualTo(key);
            assertThat(path.chars().noneMatch(c -> c == '\\' || Character.isISOControl(c))).as(path).isTrue();
            assertThat(path.split("/")).doesNotContain("..", ".");
            assertThat(key.listEntry()).doesNotContain("\n");
        }
    }

    @Test
    void namesWithoutUnsafeCharactersKeepVelerosPlainPaths() {
        assertThat(ItemKey.cluster("roles.rbac.authorization.k8s.io", "a..b").path())
                .isEqualTo("resources/roles.rbac.authorization.k8s.io/cluster/a..b.json");
        assertThat(ItemKey.namespaced("configmaps", "shop", "a\\b%c").path())
                .isEqualTo("resources/configmaps/namespaces/shop/a%5Cb%25c.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "resources/x/cluster/%2E%2E.json",
            "resources/x/cluster/%2e.json",
            "resources/x/cluster/a%2Fb.json",
            "resources/x/cluster/a%41.json",
            "resources/x/cluster/a%5c.json",
            "resources/x/cluster/a%4.json",
            "resources/x/cluster/a%.json",
            "resources/x/cluster/a%ZZ.json",
            "resources/x/cluster/a%+1.json",
            "resources/x/cluster/a\tb.json"})
    void fromPathRefusesEscapesItsWriterNeverMakes(String path) {
        assertThatThrownBy(() -> ItemKey.fromPath(path))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("is not an item path");
    }

    @Test
    void aNameLongerThanTheArchiveTakesIsInvalidInputNamingItEscaped() {
        assertThat(ItemKey.cluster("roles.rbac.authorization.k8s.io", "x".repeat(1024)).name()).hasSize(1024);
        assertThatThrownBy(() -> ItemKey.cluster("roles.rbac.authorization.k8s.io", "x".repeat(1025)))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("longer than 1024");
        assertThatThrownBy(() -> ItemKey.cluster("roles.rbac.authorization.k8s.io", "."))
                .isInstanceOf(ArcaException.InvalidInput.class);
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
}

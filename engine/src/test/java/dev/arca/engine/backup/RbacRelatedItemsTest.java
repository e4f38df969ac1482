package dev.arca.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.engine.discovery.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RbacRelatedItemsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RBAC = "rbac.authorization.k8s.io";
    private static final ResourceType ROLE_BINDINGS = new ResourceType(RBAC, "v1", "RoleBinding", "rolebindings", true, List.of());
    private static final ResourceType CONFIG_MAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", true, List.of());

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ListedItem item(String namespace, String name, JsonNode json) {
        return new ListedItem() {
            public String namespace() {
                return namespace;
            }

            public String name() {
                return name;
            }

            public JsonNode json() {
                return json;
            }
        };
    }

    private static JsonNode binding(String name, String roleKind, String role, String subjects) {
        return json("{'metadata':{'name':'" + name + "'},'roleRef':{'apiGroup':'" + RBAC + "','kind':'" + roleKind
                + "','name':'" + role + "'},'subjects':[" + subjects + "]}");
    }

    @Test
    void aRoleBindingThatNamesAClusterRoleBringsThatClusterRoleButARoleBindingToARoleBringsNothing() {
        List<String> related = new ArrayList<>();
        ClusterRoleOfBinding action = new ClusterRoleOfBinding();

        action.act(ROLE_BINDINGS, item("shop", "read", binding("read", "ClusterRole", "view", "")), (r, n) -> related.add(r + " " + n));
        action.act(ROLE_BINDINGS, item("shop", "own", binding("own", "Role", "own-role", "")), (r, n) -> related.add(r + " " + n));
        action.act(CONFIG_MAPS, item("shop", "c", json("{'roleRef':{'kind':'ClusterRole','name':'x'}}")), (r, n) -> related.add(r + " " + n));

        assertThat(related).containsExactly("clusterroles." + RBAC + " view");
    }

    @Test
    void clusterRoleBindingsOfAnIncludedNamespacesServiceAccountComeWithTheirClusterRolesAndNoOthers() {
        String appInShop = "{'kind':'ServiceAccount','name':'app','namespace':'shop'}";
        List<JsonNode> bindings = List.of(
                binding("shop-app-reader", "ClusterRole", "reader", "{'kind':'User','name':'alice'}," + appInShop),
                binding("web-app-reader", "ClusterRole", "reader", "{'kind':'ServiceAccount','name':'app','namespace':'web'}"),
                binding("shop-users", "ClusterRole", "admin", "{'kind':'Group','name':'shop','namespace':'shop'}"),
                binding("system:basic-user", "ClusterRole", "system:basic-user", "{'kind':'Group','name':'system:authenticated'}"),
                json("{'metadata':{'name':'no-subjects'},'roleRef':{'kind':'ClusterRole','name':'edit'}}"));
        List<String> related = new ArrayList<>();

        ServiceAccountBindings.relate(bindings, Set.of("shop", "db"), (r, n) -> related.add(r + " " + n));

        assertThat(related).containsExactly("clusterrolebindings." + RBAC + " shop-app-reader", "clusterroles." + RBAC + " reader");
    }
}

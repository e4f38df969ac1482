package dev.arca.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.engine.discovery.ResourceType;
import java.util.function.BiConsumer;

/**
 * A RoleBinding or ClusterRoleBinding that names a ClusterRole in its {@code roleRef} brings that
 * ClusterRole along, so the ServiceAccounts it binds keep their permissions when restored elsewhere.
 */
public final class ClusterRoleOfBinding implements ItemAction {
    static final String CLUSTER_ROLES = "clusterroles.rbac.authorization.k8s.io";
    static final String ROLE_BINDINGS = "rolebindings.rbac.authorization.k8s.io";
    static final String CLUSTER_ROLE_BINDINGS = "clusterrolebindings.rbac.authorization.k8s.io";

    @Override
    public void act(ResourceType type, ListedItem item, BiConsumer<String, String> related) {
        if (type.resource().equals(ROLE_BINDINGS) || type.resource().equals(CLUSTER_ROLE_BINDINGS)) {
            clusterRole(item.json()).ifPresent(name -> related.accept(CLUSTER_ROLES, name));
        }
    }

    /** The ClusterRole a binding's {@code roleRef} names, if it names one. */
    static java.util.Optional<String> clusterRole(JsonNode binding) {
        JsonNode ref = binding.path("roleRef");
        String name = ref.path("name").asText("");
        return "ClusterRole".equals(ref.path("kind").asText()) && !name.isEmpty()
                ? java.util.Optional.of(name) : java.util.Optional.empty();
    }
}

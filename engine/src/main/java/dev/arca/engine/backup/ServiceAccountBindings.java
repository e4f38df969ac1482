package dev.arca.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Pure: of the cluster's ClusterRoleBindings, those whose subjects include a ServiceAccount of an
 * included namespace, and the ClusterRoles they name. The runner lists the ClusterRoleBindings once
 * per backup and feeds them here, so that a namespace's ServiceAccounts keep their cluster-wide
 * permissions when the namespace is restored elsewhere.
 */
final class ServiceAccountBindings {
    private ServiceAccountBindings() {
    }

    /**
     * @param bindings   the ClusterRoleBindings as JSON
     * @param namespaces the backup's included namespaces
     * @param related    receives (resource, name) of each binding that matches and of its ClusterRole
     */
    static void relate(Iterable<JsonNode> bindings, Set<String> namespaces, BiConsumer<String, String> related) {
        for (JsonNode binding : bindings) {
            String name = binding.path("metadata").path("name").asText("");
            if (!name.isEmpty() && bindsServiceAccountOf(binding, namespaces)) {
                related.accept(ClusterRoleOfBinding.CLUSTER_ROLE_BINDINGS, name);
                ClusterRoleOfBinding.clusterRole(binding).ifPresent(role -> related.accept(ClusterRoleOfBinding.CLUSTER_ROLES, role));
            }
        }
    }

    private static boolean bindsServiceAccountOf(JsonNode binding, Set<String> namespaces) {
        for (JsonNode subject : binding.path("subjects")) {
            if ("ServiceAccount".equals(subject.path("kind").asText()) && namespaces.contains(subject.path("namespace").asText())) {
                return true;
            }
        }
        return false;
    }
}

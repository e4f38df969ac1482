package dev.arca.fleet.kubefed;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The target type of each {@code Federated<Kind>} the import knows, as KubeFed's default
 * FederatedTypeConfigs name them; a Federated kind of another type has no known target.
 */
final class FederatedTypes {
    /** The plain type a Federated kind propagates, and whether its objects live in a namespace. */
    record Target(String apiVersion, String kind, boolean namespaced) {
    }

    private static final Map<String, Target> BY_FEDERATED_KIND = new TreeMap<>();

    static {
        core("ConfigMap", true);
        core("Secret", true);
        core("Service", true);
        core("ServiceAccount", true);
        core("Namespace", false);
        add("apps/v1", "Deployment", true);
        add("apps/v1", "StatefulSet", true);
        add("apps/v1", "DaemonSet", true);
        add("apps/v1", "ReplicaSet", true);
        add("batch/v1", "Job", true);
        add("networking.k8s.io/v1", "Ingress", true);
        add("rbac.authorization.k8s.io/v1", "ClusterRole", false);
        add("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", false);
        add("rbac.authorization.k8s.io/v1", "Role", true);
        add("rbac.authorization.k8s.io/v1", "RoleBinding", true);
    }

    private FederatedTypes() {
    }

    private static void core(String kind, boolean namespaced) {
        add("v1", kind, namespaced);
    }

    private static void add(String apiVersion, String kind, boolean namespaced) {
        BY_FEDERATED_KIND.put("Federated" + kind, new Target(apiVersion, kind, namespaced));
    }

    static Optional<Target> of(String federatedKind) {
        return Optional.ofNullable(BY_FEDERATED_KIND.get(federatedKind));
    }

    /** The Federated kinds the import converts, for a problem line about another one. */
    static String known() {
        return String.join(", ", BY_FEDERATED_KIND.keySet());
    }
}

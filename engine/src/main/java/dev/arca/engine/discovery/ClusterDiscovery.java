package dev.arca.engine.discovery;

import dev.arca.api.Problem;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds every resource type the cluster serves at its group's preferred version: built-in types,
 * CRDs and aggregated APIs. A group whose discovery fails (an unavailable aggregated API) is a
 * warning, not a failure.
 */
public final class ClusterDiscovery {
    private final KubernetesClient client;

    public ClusterDiscovery(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The served, listable types; {@code warnings} receives the groups that could not be read.
     * Each type comes at its group's preferred version, or at the first other version serving it
     * when the preferred one does not (e.g. CronJobs in batch/v1beta1 on Kubernetes 1.20).
     */
    public List<ResourceType> discover(Consumer<Problem> warnings) {
        List<ResourceType> types = new ArrayList<>(fromList("", "v1", client.getApiResources("v1")));
        for (APIGroup group : client.getApiGroups().getGroups()) {
            List<GroupVersionForDiscovery> versions = new ArrayList<>(group.getVersions());
            if (group.getPreferredVersion() != null) {
                versions.removeIf(v -> v.getGroupVersion().equals(group.getPreferredVersion().getGroupVersion()));
                versions.add(0, group.getPreferredVersion());
            }
            Set<String> seen = new HashSet<>();
            for (GroupVersionForDiscovery version : versions) {
                try {
                    for (ResourceType t : fromList(group.getName(), version.getVersion(), client.getApiResources(version.getGroupVersion()))) {
                        if (seen.add(t.plural())) {
                            types.add(t);
                        }
                    }
                } catch (RuntimeException e) {
                    warnings.accept(new Problem(null, group.getName(), null,
                            "cannot discover API group version " + version.getGroupVersion() + ": " + e.getMessage()));
                }
            }
        }
        return withoutCohabitants(types);
    }

    /**
     * The legacy {@code extensions} group serves some types that a newer group serves too (Ingress
     * in 1.20): the same objects under two names. Keep the newer name only, so nothing is backed up twice.
     */
    static List<ResourceType> withoutCohabitants(List<ResourceType> types) {
        Set<String> elsewhere = new HashSet<>();
        types.stream().filter(t -> !t.group().isEmpty() && !t.group().equals("extensions")).forEach(t -> elsewhere.add(t.plural()));
        return types.stream().filter(t -> !(t.group().equals("extensions") && elsewhere.contains(t.plural()))).toList();
    }

    private static List<ResourceType> fromList(String group, String version, APIResourceList list) {
        List<ResourceType> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (APIResource r : list.getResources()) {
            if (r.getName().contains("/")) {
                continue; // subresource: pods/log, deployments/scale, ...
            }
            ResourceType type = new ResourceType(group, version, r.getKind(), r.getName(),
                    Boolean.TRUE.equals(r.getNamespaced()), r.getVerbs());
            if (type.listable()) {
                out.add(type);
            }
        }
        return out;
    }
}

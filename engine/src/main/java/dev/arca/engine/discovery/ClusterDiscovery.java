package dev.arca.engine.discovery;

import dev.arca.api.Problem;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Finds every resource type the cluster serves at its group's preferred version: built-in types,
 * CRDs and aggregated APIs. A group whose discovery fails (an unavailable aggregated API) is a
 * warning, not a failure.
 */
public final class ClusterDiscovery {
    static final int PARALLEL = 8;
    private final KubernetesClient client;

    public ClusterDiscovery(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The served, listable types; {@code warnings} receives the groups that could not be read.
     * Each type comes at its group's preferred version, or at the first other version serving it
     * when the preferred one does not (e.g. CronJobs in batch/v1beta1 on Kubernetes 1.20). The
     * group versions are read {@value #PARALLEL} at a time, as client-go's discovery does: one
     * request each, about 30 on a small cluster, and each is a round trip the run waits for.
     */
    public List<ResourceType> discover(Consumer<Problem> warnings) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, r -> {
            Thread thread = new Thread(r, "arca-discovery");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<APIResourceList> core = pool.submit(() -> client.getApiResources("v1"));
            Map<APIGroup, List<Map.Entry<String, Future<APIResourceList>>>> byGroup = new LinkedHashMap<>();
            for (APIGroup group : client.getApiGroups().getGroups()) {
                List<GroupVersionForDiscovery> versions = new ArrayList<>(group.getVersions());
                if (group.getPreferredVersion() != null) {
                    versions.removeIf(v -> v.getGroupVersion().equals(group.getPreferredVersion().getGroupVersion()));
                    versions.add(0, group.getPreferredVersion());
                }
                byGroup.put(group, versions.stream().map(v -> Map.entry(v.getVersion(),
                        pool.submit(() -> client.getApiResources(v.getGroupVersion())))).toList());
            }
            List<ResourceType> types = new ArrayList<>(fromList("", "v1", await(core)));
            byGroup.forEach((group, versions) -> {
                Set<String> seen = new HashSet<>();
                for (Map.Entry<String, Future<APIResourceList>> version : versions) {
                    try {
                        for (ResourceType t : fromList(group.getName(), version.getKey(), await(version.getValue()))) {
                            if (seen.add(t.plural())) {
                                types.add(t);
                            }
                        }
                    } catch (RuntimeException e) {
                        warnings.accept(new Problem(null, group.getName(), null, "cannot discover API group version "
                                + group.getName() + "/" + version.getKey() + ": " + e.getMessage()));
                    }
                }
            });
            return withoutCohabitants(types);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The answer of one discovery request, or what it threw. */
    private static APIResourceList await(Future<APIResourceList> answer) {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during discovery", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
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

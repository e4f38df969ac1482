package dev.arca.engine.restore;

import dev.arca.api.Problem;
import dev.arca.api.RestoreSpec;
import dev.arca.engine.select.NamespaceFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure: the backup's resource list → a {@link RestorePlan}. The default tiers are DESIGN.md's:
 * definitions and namespaces; volumes; identities and roles; role bindings; configuration; services; workloads;
 * everything else; custom resources of the backup's CRDs last. Filters are applied per item, where
 * the Kind is known.
 */
public final class RestorePlanner {
    static final String CRD = "customresourcedefinitions.apiextensions.k8s.io";
    /** Namespaces a warning names before it counts the rest. */
    private static final int SHOWN = 10;
    static final List<Set<String>> DEFAULT_TIERS = List.of(
            Set.of(CRD, "namespaces", "storageclasses.storage.k8s.io"),
            Set.of("persistentvolumes", "persistentvolumeclaims"),
            Set.of("serviceaccounts", "clusterroles.rbac.authorization.k8s.io", "roles.rbac.authorization.k8s.io"),
            // bindings after the roles they name: the API server lets a restorer without 'bind' create a
            // binding only when it already holds the role's permissions, which it checks against the role
            Set.of("clusterrolebindings.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io"),
            Set.of("secrets", "configmaps", "limitranges", "resourcequotas", "priorityclasses.scheduling.k8s.io"),
            Set.of("services"),
            Set.of("deployments.apps", "statefulsets.apps", "daemonsets.apps", "replicasets.apps", "jobs.batch",
                    "cronjobs.batch", "pods", "replicationcontrollers"));

    private RestorePlanner() {
    }

    /** @param resourceList resource → entries ("namespace/name" or "name") as stored in the backup */
    public static RestorePlan plan(Map<String, List<String>> resourceList) {
        Set<String> crds = new TreeSet<>(resourceList.getOrDefault(CRD, List.of()));
        Map<Integer, Set<String>> tiers = new TreeMap<>();
        for (String resource : resourceList.keySet()) {
            tiers.computeIfAbsent(tierIndex(resource, crds), i -> new TreeSet<>()).add(resource);
        }
        Set<String> services = new TreeSet<>(resourceList.getOrDefault("services", List.of()));
        return new RestorePlan(new ArrayList<>(tiers.values()), crds, services);
    }

    /**
     * Warnings for namespace flags that name nothing in the backup, so that a typo does not pass as
     * a restore of nothing: an {@code --include-namespaces} pattern that matches none of the
     * backup's namespaces, and a {@code --namespace-mappings} source that is not one of them.
     */
    public static List<Problem> unmatchedNamespaces(RestoreSpec spec, Map<String, List<String>> resourceList) {
        Set<String> inBackup = new TreeSet<>(resourceList.getOrDefault("namespaces", List.of()));
        resourceList.values().forEach(entries -> entries.stream().filter(e -> e.indexOf('/') > 0)
                .forEach(e -> inBackup.add(e.substring(0, e.indexOf('/')))));
        String known = inBackup.isEmpty() ? "it holds no namespaced items"
                : "it holds " + String.join(", ", inBackup.stream().limit(SHOWN).toList())
                        + (inBackup.size() > SHOWN ? " and " + (inBackup.size() - SHOWN) + " more" : "");
        List<Problem> problems = new ArrayList<>();
        for (String pattern : NamespaceFilter.unmatched(spec.includedNamespaces(), inBackup)) {
            problems.add(new Problem(null, "namespaces", null, "--include-namespaces \"" + pattern
                    + "\" matches no namespace in backup \"" + spec.backupName() + "\"; " + known));
        }
        spec.namespaceMapping().keySet().stream().filter(source -> !inBackup.contains(source)).sorted()
                .forEach(source -> problems.add(new Problem(null, "namespaces", null, "--namespace-mappings source \""
                        + source + "\" is not a namespace in backup \"" + spec.backupName() + "\"; " + known)));
        return problems;
    }

    static int tierIndex(String resource, Set<String> crds) {
        for (int i = 0; i < DEFAULT_TIERS.size(); i++) {
            if (DEFAULT_TIERS.get(i).contains(resource)) {
                return i;
            }
        }
        return crds.contains(resource) ? DEFAULT_TIERS.size() + 1 : DEFAULT_TIERS.size();
    }
}

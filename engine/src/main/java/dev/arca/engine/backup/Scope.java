package dev.arca.engine.backup;

import dev.arca.api.BackupSpec;
import dev.arca.api.Problem;
import dev.arca.engine.discovery.ResourceType;
import dev.arca.engine.select.LabelSelector;
import dev.arca.engine.select.NamespaceFilter;
import dev.arca.engine.select.NeverBackedUp;
import dev.arca.engine.select.ResourceFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A backup request resolved against the cluster: which namespaces exist and are in, which types
 * to list and how. Pure: built from the spec, the discovered types and the namespace names.
 *
 * @param namespaces      the included namespaces that exist, sorted
 * @param listClusterWide list namespaced types across all namespaces and filter here, rather
 *                        than once per namespace (cheaper for whole-cluster or many-namespace backups)
 * @param namespacedTypes namespaced types to list
 * @param clusterTypes    cluster-scoped types to list in full (empty unless cluster resources are in);
 *                        Namespace objects are never listed: they come as related items
 * @param crdNames        names ({@code plural.group}) of the cluster's CRDs
 * @param selector        the label selector, or null
 * @param orSelectors     OR-selectors (empty when none)
 */
public record Scope(
        BackupSpec spec,
        Set<String> namespaces,
        boolean listClusterWide,
        List<ResourceType> namespacedTypes,
        List<ResourceType> clusterTypes,
        Set<String> crdNames,
        LabelSelector selector,
        List<LabelSelector> orSelectors) {

    public static final String EXCLUDE_LABEL = "arca.dev/exclude-from-backup";
    /** Beyond this many namespaces, one cluster-wide LIST per type beats a LIST per namespace. */
    static final int PER_NAMESPACE_LIMIT = 20;

    public static Scope resolve(BackupSpec spec, List<ResourceType> discovered, List<String> allNamespaces, Set<String> crdNames) {
        NamespaceFilter nsFilter = new NamespaceFilter(spec.includedNamespaces(), spec.excludedNamespaces());
        ResourceFilter resources = new ResourceFilter(spec.includedResources(), spec.excludedResources());
        Set<String> namespaces = new TreeSet<>();
        allNamespaces.stream().filter(nsFilter::matches).forEach(namespaces::add);
        boolean allClusterTypes = spec.includeClusterResources() == null ? spec.wholeCluster() : spec.includeClusterResources();
        List<ResourceType> wanted = discovered.stream()
                .filter(t -> !NeverBackedUp.contains(t.resource()))
                .filter(t -> resources.matches(t.resource(), t.kind()))
                .toList();
        List<ResourceType> namespaced = wanted.stream().filter(ResourceType::namespaced).toList();
        List<ResourceType> cluster = allClusterTypes
                ? wanted.stream().filter(t -> !t.namespaced() && !t.resource().equals("namespaces")).toList()
                : List.of();
        boolean clusterWide = spec.wholeCluster() || namespaces.size() > PER_NAMESPACE_LIMIT;
        LabelSelector selector = spec.labelSelector() == null ? null : LabelSelector.parse(spec.labelSelector());
        List<LabelSelector> or = spec.orLabelSelectors().stream().map(LabelSelector::parse).toList();
        return new Scope(spec, Set.copyOf(namespaces), clusterWide, namespaced, cluster, Set.copyOf(crdNames), selector, or);
    }

    /**
     * Warnings for include filters that select nothing, so that a mistyped namespace or resource
     * does not pass as an empty backup: a namespace pattern that matches no namespace of the
     * cluster, a resource that the cluster does not serve, or one that is never backed up.
     */
    public static List<Problem> unmatchedIncludes(BackupSpec spec, List<ResourceType> discovered, List<String> allNamespaces) {
        List<Problem> problems = new ArrayList<>();
        for (String pattern : NamespaceFilter.unmatched(spec.includedNamespaces(), allNamespaces)) {
            problems.add(new Problem(null, "namespaces", null, "--include-namespaces \"" + pattern
                    + "\" matches no namespace in the cluster; 'kubectl get namespaces' lists them"));
        }
        for (String resource : spec.includedResources()) {
            if (resource.equals("*")) {
                continue;
            }
            ResourceFilter one = new ResourceFilter(List.of(resource), List.of());
            List<ResourceType> served = discovered.stream().filter(t -> one.matches(t.resource(), t.kind())).toList();
            if (served.isEmpty()) {
                problems.add(new Problem(null, resource, null, "--include-resources \"" + resource
                        + "\" matches no resource type the cluster serves; 'kubectl api-resources' lists them"));
            } else if (served.stream().allMatch(t -> NeverBackedUp.contains(t.resource()))) {
                problems.add(new Problem(null, resource, null, "--include-resources \"" + resource
                        + "\" names a type that is never backed up (docs/resources.md says which and why)"));
            }
        }
        return problems;
    }

    /** Whether a listed namespaced item's namespace is in. */
    public boolean namespaceIncluded(String namespace) {
        return namespaces.contains(namespace);
    }

    /** Whether the item passes the label rules: the exclude label, then the selector or OR-selectors. */
    public boolean labelsMatch(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        if ("true".equals(l.get(EXCLUDE_LABEL))) {
            return false;
        }
        if (selector != null) {
            return selector.matches(l);
        }
        return orSelectors.isEmpty() || orSelectors.stream().anyMatch(s -> s.matches(l));
    }

    /** Whether a related cluster-scoped item may be added: only an explicit exclusion keeps it out. */
    public boolean relatedAllowed(String resource, String kind) {
        return !NeverBackedUp.contains(resource)
                && new ResourceFilter(List.of(), spec.excludedResources()).matches(resource, kind);
    }
}

package dev.arca.engine.mobility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.BackupSpec;
import dev.arca.api.Problem;
import dev.arca.engine.discovery.ClusterDiscovery;
import dev.arca.engine.discovery.ResourceType;
import dev.arca.engine.select.LabelSelector;
import dev.arca.engine.select.NamespaceFilter;
import dev.arca.engine.select.NeverBackedUp;
import dev.arca.engine.select.ResourceFilter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads the objects a migration would back up from the live source, and the target's API, storage
 * classes and namespaces, and reports what the target lacks ({@link PreflightReport}). Nothing is
 * written to either cluster or to a location. The scope is the backup's: its namespace and resource
 * filters and label selector; cluster-scoped objects are looked at only when the backup takes them all
 * ({@code includeClusterResources} true), besides the PersistentVolumes of claims in scope.
 */
public final class Preflight {
    static final String CRD = "customresourcedefinitions.apiextensions.k8s.io";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient source;
    private final KubernetesClient target;
    private final Mappers mappers;

    public Preflight(KubernetesClient source, KubernetesClient target, Mappers mappers) {
        this.source = source;
        this.target = target;
        this.mappers = mappers;
    }

    /**
     * @param scope            what the backup would take
     * @param namespaceMapping source namespace → target namespace
     * @param warnings         receives what could not be read (an API group whose discovery failed)
     */
    public PreflightReport run(BackupSpec scope, Map<String, String> namespaceMapping, Consumer<Problem> warnings) {
        List<String> namespaces = source.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName())
                .filter(new NamespaceFilter(scope.includedNamespaces(), scope.excludedNamespaces())::matches).sorted().toList();
        Findings found = new Findings();
        ResourceFilter resources = new ResourceFilter(scope.includedResources(), scope.excludedResources());
        LabelSelector selector = scope.labelSelector() == null ? null : LabelSelector.parse(scope.labelSelector());
        for (ResourceType type : new ClusterDiscovery(source).discover(warnings)) {
            boolean inScope = type.namespaced() || Boolean.TRUE.equals(scope.includeClusterResources());
            if (!inScope || NeverBackedUp.contains(type.resource()) || !resources.matches(type.resource(), type.kind())) {
                continue;
            }
            for (String ns : type.namespaced() ? namespaces : java.util.Collections.<String>singletonList(null)) {
                for (JsonNode item : list(type, ns)) {
                    if (selector == null || selector.matches(labels(item))) {
                        found.add(type, item);
                    }
                }
            }
        }
        boolean carriesCrds = !Boolean.FALSE.equals(scope.includeClusterResources())
                && resources.matches(CRD, "CustomResourceDefinition");
        List<PreflightReport.ExistingNamespace> existing = namespaces.stream()
                .map(ns -> new PreflightReport.ExistingNamespace(ns, namespaceMapping.getOrDefault(ns, ns)))
                .filter(e -> target.namespaces().withName(e.target()).get() != null).toList();
        return new PreflightReport(source.getMasterUrl().toString(), target.getMasterUrl().toString(), namespaces,
                missingTypes(found, carriesCrds), missingStorageClasses(found), existing, images(found));
    }

    private List<JsonNode> list(ResourceType type, String namespace) {
        try {
            var op = source.genericKubernetesResources(type.context());
            List<GenericKubernetesResource> items = namespace == null ? op.list().getItems() : op.inNamespace(namespace).list().getItems();
            return items.stream().map(i -> (JsonNode) JSON.valueToTree(i)).toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 405) {
                return List.of(); // the type went away or cannot be listed: nothing of it to move
            }
            throw e;
        }
    }

    private List<PreflightReport.MissingType> missingTypes(Findings found, boolean carriesCrds) {
        Map<String, Set<String>> servedByVersion = new HashMap<>();
        List<PreflightReport.MissingType> out = new ArrayList<>();
        for (Map.Entry<ResourceType, Long> e : found.counts.entrySet()) {
            ResourceType type = e.getKey();
            Set<String> served = servedByVersion.computeIfAbsent(type.apiVersion(), this::servedByTarget);
            if (served.contains(type.plural())) {
                continue;
            }
            String crd = source.genericKubernetesResources("apiextensions.k8s.io/v1", "CustomResourceDefinition")
                    .withName(type.resource()).get() == null ? null : type.resource();
            out.add(new PreflightReport.MissingType(type.resource(), type.apiVersion(), type.kind(), e.getValue(), crd,
                    crd != null && carriesCrds, reason(type, crd, crd != null && carriesCrds)));
        }
        out.sort(java.util.Comparator.comparing(PreflightReport.MissingType::resource));
        return out;
    }

    private static String reason(ResourceType type, String crd, boolean carried) {
        String lacks = "the target does not serve " + type.resource() + " at " + type.apiVersion();
        if (crd == null) {
            return lacks + "; enable that API in the target, or leave the type out (--exclude-resources " + type.resource() + ")";
        }
        return carried ? lacks + "; the backup carries CustomResourceDefinition " + crd + ", and the restore creates it first"
                : lacks + " and the backup does not carry CustomResourceDefinition " + crd + "; create it in the target, include"
                + " cluster resources (--include-cluster-resources), or leave the type out (--exclude-resources " + type.resource() + ")";
    }

    /** The plurals the target serves at {@code apiVersion}; none when it does not serve that version. */
    private Set<String> servedByTarget(String apiVersion) {
        try {
            var list = target.getApiResources(apiVersion);
            return list == null ? Set.of() : list.getResources().stream().map(r -> r.getName()).collect(Collectors.toSet());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Set.of();
            }
            throw e;
        }
    }

    private List<PreflightReport.MissingStorageClass> missingStorageClasses(Findings found) {
        Set<String> present = target.genericKubernetesResources("storage.k8s.io/v1", "StorageClass").list().getItems().stream()
                .map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
        for (String claimed : found.claimedVolumes) {
            GenericKubernetesResource pv = source.genericKubernetesResources("v1", "PersistentVolume").withName(claimed).get();
            if (pv != null) {
                found.storageClass(JSON.valueToTree(pv).path("spec").path("storageClassName").asText(""), "persistentvolumes " + claimed);
            }
        }
        List<PreflightReport.MissingStorageClass> out = new ArrayList<>();
        found.storageClasses.forEach((sc, users) -> {
            String mapped = mappers.storageClass().apply(sc);
            if (!present.contains(mapped)) {
                out.add(new PreflightReport.MissingStorageClass(sc, mapped, users));
            }
        });
        return out;
    }

    private List<PreflightReport.Image> images(Findings found) {
        List<PreflightReport.Image> out = new ArrayList<>();
        found.images.forEach((image, users) -> out.add(new PreflightReport.Image(image, mappers.image().apply(image), users)));
        return out;
    }

    static Map<String, String> labels(JsonNode item) {
        Map<String, String> out = new HashMap<>();
        item.path("metadata").path("labels").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** What the objects in scope are, and what they use, gathered while they are listed. */
    static final class Findings {
        final Map<ResourceType, Long> counts = new java.util.LinkedHashMap<>();
        final Map<String, List<String>> storageClasses = new TreeMap<>();
        final Map<String, List<String>> images = new TreeMap<>();
        final Set<String> claimedVolumes = new java.util.TreeSet<>();

        void add(ResourceType type, JsonNode item) {
            counts.merge(type, 1L, Long::sum);
            String resource = type.resource();
            String where = resource + " " + where(item);
            for (PodImages.Use use : controlled(item) ? List.<PodImages.Use>of() : PodImages.of(resource, item)) {
                images.computeIfAbsent(use.image(), k -> new ArrayList<>()).add(where + " " + use.container());
            }
            switch (resource) {
                case "persistentvolumeclaims" -> {
                    storageClass(item.path("spec").path("storageClassName").asText(""), where);
                    String volume = item.path("spec").path("volumeName").asText("");
                    if (!volume.isEmpty()) {
                        claimedVolumes.add(volume);
                    }
                }
                case "persistentvolumes" -> storageClass(item.path("spec").path("storageClassName").asText(""), where);
                case "statefulsets.apps" -> {
                    for (JsonNode template : item.path("spec").path("volumeClaimTemplates")) {
                        storageClass(template.path("spec").path("storageClassName").asText(""),
                                where + " volumeClaimTemplates/" + template.path("metadata").path("name").asText("?"));
                    }
                }
                default -> {
                }
            }
        }

        /** Made by a controller (a Deployment's ReplicaSets and Pods): its images are its owner's, listed there. */
        private static boolean controlled(JsonNode item) {
            for (JsonNode owner : item.path("metadata").path("ownerReferences")) {
                if (owner.path("controller").asBoolean(false)) {
                    return true;
                }
            }
            return false;
        }

        void storageClass(String name, String user) {
            if (!name.isEmpty()) {
                List<String> users = storageClasses.computeIfAbsent(name, k -> new ArrayList<>());
                if (!users.contains(user)) {
                    users.add(user);
                }
            }
        }

        private static String where(JsonNode item) {
            JsonNode meta = item.path("metadata");
            String ns = meta.path("namespace").asText("");
            return ns.isEmpty() ? meta.path("name").asText() : ns + "/" + meta.path("name").asText();
        }
    }
}

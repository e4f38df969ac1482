package dev.arca.engine;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sample application of the integration tests (shop.yaml, widgets.yaml): deploys it into a
 * namespace, takes a normalised snapshot of it, and removes it. The normalisation is the test's
 * own explicit list of fields a restore legitimately changes, independent of the engine's sanitiser.
 */
final class SampleApp {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Namespaced types the snapshot compares: plural → (group, version). */
    static final Map<String, String[]> NAMESPACED = new TreeMap<>(Map.ofEntries(
            Map.entry("configmaps", new String[] {"", "v1", "ConfigMap"}),
            Map.entry("secrets", new String[] {"", "v1", "Secret"}),
            Map.entry("serviceaccounts", new String[] {"", "v1", "ServiceAccount"}),
            Map.entry("services", new String[] {"", "v1", "Service"}),
            Map.entry("persistentvolumeclaims", new String[] {"", "v1", "PersistentVolumeClaim"}),
            Map.entry("deployments", new String[] {"apps", "v1", "Deployment"}),
            Map.entry("statefulsets", new String[] {"apps", "v1", "StatefulSet"}),
            Map.entry("daemonsets", new String[] {"apps", "v1", "DaemonSet"}),
            Map.entry("jobs", new String[] {"batch", "v1", "Job"}),
            Map.entry("cronjobs", new String[] {"batch", "v1beta1", "CronJob"}),
            Map.entry("roles", new String[] {"rbac.authorization.k8s.io", "v1", "Role"}),
            Map.entry("rolebindings", new String[] {"rbac.authorization.k8s.io", "v1", "RoleBinding"}),
            Map.entry("ingresses", new String[] {"networking.k8s.io", "v1", "Ingress"})));

    private SampleApp() {
    }

    static String crdName(String ns) {
        return "widgets." + ns + ".arca.test";
    }

    static String pvName(String ns) {
        return "pv-" + ns;
    }

    /** Deploys the app and waits until controllers have done their part (ReplicaSet, bound claim). */
    static void deploy(KubernetesClient client, String ns) {
        for (HasMetadata item : load(client, "/shop.yaml", ns)) {
            client.resource(item).create();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> established(client, crdName(ns)));
        for (HasMetadata item : load(client, "/widgets.yaml", ns)) {
            client.resource(item).create();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !client.apps().replicaSets().inNamespace(ns).list().getItems().isEmpty()
                && "Bound".equals(client.persistentVolumeClaims().inNamespace(ns).withName("data").get().getStatus().getPhase()));
    }

    static boolean established(KubernetesClient client, String crd) {
        var c = client.apiextensions().v1().customResourceDefinitions().withName(crd).get();
        return c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
                .anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True"));
    }

    private static List<HasMetadata> load(KubernetesClient client, String resource, String ns) {
        try (InputStream in = SampleApp.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("SUFFIX", ns).replace("NS", ns);
            return client.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).items();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the namespace, its PV and its CRD, and waits until all are gone. */
    static void destroy(KubernetesClient client, String ns) {
        client.namespaces().withName(ns).delete();
        client.persistentVolumes().withName(pvName(ns)).delete();
        client.apiextensions().v1().customResourceDefinitions().withName(crdName(ns)).delete();
        await().atMost(Duration.ofSeconds(120)).until(() -> client.namespaces().withName(ns).get() == null
                && client.persistentVolumes().withName(pvName(ns)).get() == null
                && client.apiextensions().v1().customResourceDefinitions().withName(crdName(ns)).get() == null);
    }

    /** The app's objects in {@code ns}, keyed "plural/name", normalised for comparison across a restore. */
    static Map<String, JsonNode> snapshot(KubernetesClient client, String ns, String crdGroupNs) {
        Map<String, JsonNode> out = new TreeMap<>();
        NAMESPACED.forEach((plural, gvk) -> list(client, ctx(gvk[0], gvk[1], gvk[2], plural, true), ns)
                .forEach(r -> put(out, plural, r)));
        list(client, ctx(crdGroupNs + ".arca.test", "v1", "Widget", "widgets", true), ns).forEach(r -> put(out, "widgets", r));
        return out;
    }

    /** The PV and CRD of the app (cluster-scoped), normalised. */
    static Map<String, JsonNode> clusterSnapshot(KubernetesClient client, String ns) {
        Map<String, JsonNode> out = new TreeMap<>();
        put(out, "persistentvolumes", client.genericKubernetesResources("v1", "PersistentVolume").withName(pvName(ns)).get());
        put(out, "crds", client.genericKubernetesResources("apiextensions.k8s.io/v1", "CustomResourceDefinition").withName(crdName(ns)).get());
        return out;
    }

    private static List<GenericKubernetesResource> list(KubernetesClient client, ResourceDefinitionContext ctx, String ns) {
        return client.genericKubernetesResources(ctx).inNamespace(ns).list().getItems();
    }

    private static ResourceDefinitionContext ctx(String group, String version, String kind, String plural, boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(namespaced).build();
    }

    private static void put(Map<String, JsonNode> out, String plural, GenericKubernetesResource r) {
        if (r == null || "kubernetes.io/service-account-token".equals(r.get("type"))) {
            return;
        }
        if (r.getMetadata().getOwnerReferences() != null && !r.getMetadata().getOwnerReferences().isEmpty()) {
            return; // made by a controller: compared through its owner
        }
        out.put(plural + "/" + r.getMetadata().getName(), normalise(plural, JSON.valueToTree(r)));
    }

    /** Removes what a restore changes on purpose: identity, bookkeeping, status, allocations. */
    static JsonNode normalise(String plural, ObjectNode o) {
        ObjectNode meta = (ObjectNode) o.get("metadata");
        meta.remove(List.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "selfLink", "namespace"));
        o.remove("status");
        ObjectNode spec = o.get("spec") instanceof ObjectNode s ? s : JSON.createObjectNode();
        switch (plural) {
            case "services" -> {
                if (!"None".equals(spec.path("clusterIP").asText())) {
                    spec.remove(List.of("clusterIP", "clusterIPs"));
                }
                spec.path("ports").forEach(p -> ((ObjectNode) p).remove("nodePort"));
            }
            case "jobs" -> {
                spec.remove("selector");
                if (spec.path("template").path("metadata").path("labels") instanceof ObjectNode l) {
                    l.remove("controller-uid");
                }
            }
            case "serviceaccounts" -> o.remove("secrets");
            case "persistentvolumeclaims" -> {
                if (meta.get("annotations") instanceof ObjectNode a) {
                    a.remove(List.of("pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller"));
                }
            }
            case "persistentvolumes" -> {
                if (spec.get("claimRef") instanceof ObjectNode c) {
                    c.remove(List.of("uid", "resourceVersion", "namespace"));
                }
            }
            case "rolebindings" -> o.path("subjects").forEach(s -> ((ObjectNode) s).remove("namespace"));
            default -> {
            }
        }
        return o;
    }
}

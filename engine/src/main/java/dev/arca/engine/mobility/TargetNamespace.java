package dev.arca.engine.mobility;

import dev.arca.engine.discovery.ClusterDiscovery;
import dev.arca.engine.discovery.ResourceType;
import dev.arca.engine.select.NeverBackedUp;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a namespace in the target holds, leaving out what the cluster puts into every namespace
 * itself (the {@code default} ServiceAccount and its token, the {@code kube-root-ca.crt} ConfigMap)
 * and what is never backed up (Events, ...).
 */
final class TargetNamespace {
    private static final Map<String, String> BUILT_IN = Map.of("serviceaccounts", "default", "configmaps", "kube-root-ca.crt");
    private static final int SHOWN = 3;

    private TargetNamespace() {
    }

    /** Up to a few objects of {@code namespace} ({@code resource/name}); empty when it does not exist or holds none. */
    static List<String> objects(KubernetesClient client, String namespace) {
        if (client.namespaces().withName(namespace).get() == null) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        for (ResourceType type : new ClusterDiscovery(client).discover(p -> { })) {
            if (!type.namespaced() || NeverBackedUp.contains(type.resource())) {
                continue;
            }
            for (GenericKubernetesResource item : list(client, type, namespace)) {
                if (!builtIn(type.resource(), item)) {
                    found.add(type.resource() + "/" + item.getMetadata().getName());
                    if (found.size() == SHOWN) {
                        return found;
                    }
                }
            }
        }
        return found;
    }

    private static List<GenericKubernetesResource> list(KubernetesClient client, ResourceType type, String namespace) {
        try {
            return client.genericKubernetesResources(type.context()).inNamespace(namespace).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 405 || e.getCode() == 403) {
                return List.of();
            }
            throw e;
        }
    }

    private static boolean builtIn(String resource, GenericKubernetesResource item) {
        String name = item.getMetadata().getName();
        if (name.equals(BUILT_IN.get(resource))) {
            return true;
        }
        return resource.equals("secrets") && "kubernetes.io/service-account-token".equals(
                Optional.ofNullable(item.getAdditionalProperties().get("type")).map(Object::toString).orElse(""));
    }
}

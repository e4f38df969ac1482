package dev.arca.fleet.hub;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Small writes the hub repeats: create-if-absent, so that two hubs or two reconciles never fail on each other. */
final class Kube {
    private Kube() {
    }

    /** Creates {@code resource} unless an object of its name exists (whatever its content). */
    static <T extends HasMetadata> void createIfAbsent(KubernetesClient client, T resource) {
        try {
            client.resource(resource).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }
}

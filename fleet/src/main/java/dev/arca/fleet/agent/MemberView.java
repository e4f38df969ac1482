package dev.arca.fleet.agent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.arca.fleet.resources.FleetResources;

/**
 * What the applier knows of a member: its client for writes, and where it reads the member's copy
 * of an object. {@link #direct} asks the member's API server each time; the hub passes a view over
 * its watches of the members, so that an unchanged copy costs no request.
 */
public interface MemberView {
    KubernetesClient client();

    /** The member's copy of {@code desired} (same kind, namespace and name), or null when it holds none. */
    GenericKubernetesResource live(GenericKubernetesResource desired);

    /** The member's copy read from its API server, never from a cache: for a decision a stale cache must not make. */
    default GenericKubernetesResource fresh(GenericKubernetesResource desired) {
        return client().resource(desired).get();
    }

    /** Makes sure {@code namespace} exists on the member (created, labelled as the fleet's, when missing). */
    default void ensureNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty() || client().namespaces().withName(namespace).get() != null) {
            return;
        }
        try {
            client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .addToLabels(FleetResources.GROUP + "/created", "true").endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** A view that reads every copy from the member's API server. */
    static MemberView direct(KubernetesClient member) {
        return new MemberView() {
            @Override
            public KubernetesClient client() {
                return member;
            }

            @Override
            public GenericKubernetesResource live(GenericKubernetesResource desired) {
                return member.resource(desired).get();
            }
        };
    }
}

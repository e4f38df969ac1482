package dev.arca.fleet.hub;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.FleetResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a binding's aggregate on its hub object, where {@code kubectl get -o yaml} shows it: the
 * annotation {@value FleetResources#AGGREGATE_ANNOTATION} in words, written by a merge patch of that
 * one annotation (no resourceVersion: it never conflicts with the owner's writes) and only when the
 * words change. The annotation is stripped from what members receive and from the version's hash,
 * and it changes no generation, so writing it re-places nothing. An object nothing has reported on
 * yet gets none. A failed write is logged and tried at the next pass: the binding's status is the record.
 */
final class HubAggregate {
    private static final Logger LOG = LoggerFactory.getLogger(HubAggregate.class);

    /** Per hub object (uid), the words this hub last wrote: a cache that lags behind that write asks for no second one. */
    private final java.util.Map<String, String> written = new java.util.concurrent.ConcurrentHashMap<>();

    void write(KubernetesClient hub, GenericKubernetesResource object, BindingStatus.Aggregate aggregate) {
        String words = BindingStatuses.summary(aggregate);
        var annotations = object.getMetadata().getAnnotations();
        String current = annotations == null ? null : annotations.get(FleetResources.AGGREGATE_ANNOTATION);
        boolean nothingYet = current == null && aggregate.applied == 0 && aggregate.unhealthy == 0 && aggregate.stale == 0;
        String uid = object.getMetadata().getUid();
        if (words.equals(current) || nothingYet || words.equals(written.get(uid))) {
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("metadata").putObject("annotations").put(FleetResources.AGGREGATE_ANNOTATION, words);
        try { // through the object at hand: by name alone, the client would GET it first
            hub.resource(object).patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
            written.put(uid, words);
        } catch (KubernetesClientException e) {
            LOG.debug("aggregate of {} {}/{}: {}", object.getKind(), object.getMetadata().getNamespace(),
                    object.getMetadata().getName(), e.toString());
        }
    }

    /** The hub object is gone: its entry goes too. */
    void forget(String uid) {
        written.remove(uid);
    }
}

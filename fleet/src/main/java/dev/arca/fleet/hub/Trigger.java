package dev.arca.fleet.hub;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * An event source that other parts of the hub fire by hand: a template's informer, a Work's status,
 * a member going away. It has no secondary resources; it only asks the controller to look again.
 */
final class Trigger<P extends HasMetadata> extends AbstractEventSource<Void, P> {

    Trigger(String name) {
        super(Void.class, name);
    }

    /** Asks for a reconcile of the primary {@code namespace/name}; ignored until the controller has started. */
    void fire(String namespace, String name) {
        if (isRunning() && getEventHandler() != null) {
            getEventHandler().handleEvent(new Event(new ResourceID(name, namespace)));
        }
    }

    @Override
    public Set<Void> getSecondaryResources(P primary) {
        return Set.of();
    }
}

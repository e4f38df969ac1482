package dev.arca.fleet.hub;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An event source that other parts of the hub fire by hand: a template's informer, a Work's status,
 * a member going away. It has no secondary resources; it only asks the controller to look again.
 */
final class Trigger<P extends HasMetadata> extends AbstractEventSource<Void, P> {
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-trigger-later");
        t.setDaemon(true);
        return t;
    });
    private final Set<ResourceID> pending = ConcurrentHashMap.newKeySet();

    Trigger(String name) {
        super(Void.class, name);
    }

    /**
     * Asks for a reconcile of {@code namespace/name} after {@code delay}; the asks that come meanwhile are one.
     * For news that comes in bursts (each member's Work reporting in turn): one pass reads them all.
     */
    void fireSoon(String namespace, String name, Duration delay) {
        ResourceID id = new ResourceID(name, namespace);
        if (pending.add(id)) {
            LATER.schedule(() -> {
                pending.remove(id);
                fire(namespace, name);
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
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

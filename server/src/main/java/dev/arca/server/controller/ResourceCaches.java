package dev.arca.server.controller;

import dev.arca.server.metrics.ClusterSnapshot;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.Restore;
import dev.arca.server.resources.Schedule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ControllerEventSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's resources as its controllers' informers hold them: what the periodic paths read
 * (a location's sync compares its listing with every Backup; the metrics read all four kinds at
 * most every few seconds) instead of listing them from the API server each time, which with
 * 10,000 Backups costs the API server seconds of CPU. Every process fills these caches, leader or
 * not (JOSDK starts the informers before the election). A cache may lag behind a write this
 * process just made: a caller that must not act on a stale copy reads the API server (see
 * {@link #scheduleExists}). Until the controllers are registered, reads go to the API server.
 */
public final class ResourceCaches {
    private final KubernetesClient client;
    private final String namespace;
    private final Map<Class<?>, ControllerEventSource<?>> sources = new ConcurrentHashMap<>();

    ResourceCaches(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Uses the informer of {@code controller} (one returned by {@code Operator.register}) for its kind. */
    <R extends HasMetadata> void use(Class<R> kind, RegisteredController<R> controller) {
        sources.put(kind, ((Controller<R>) controller).getEventSourceManager().getControllerEventSource());
    }

    public List<Backup> backups() {
        return list(Backup.class);
    }

    public List<Schedule> schedules() {
        return list(Schedule.class);
    }

    /** All four kinds, for the metrics that come from the resources. */
    public ClusterSnapshot snapshot() {
        return new ClusterSnapshot(backups(), list(Restore.class), schedules(), list(BackupLocation.class));
    }

    /** Whether the Schedule exists; an absence in the cache is checked on the API server (it may have just been made). */
    boolean scheduleExists(String name) {
        ControllerEventSource<Schedule> source = source(Schedule.class);
        if (source != null && source.get(new ResourceID(name, namespace)).isPresent()) {
            return true;
        }
        return client.resources(Schedule.class).inNamespace(namespace).withName(name).get() != null;
    }

    private <R extends HasMetadata> List<R> list(Class<R> kind) {
        ControllerEventSource<R> source = source(kind);
        if (source == null) {
            return client.resources(kind).inNamespace(namespace).list().getItems();
        }
        return source.list(namespace).toList();
    }

    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> ControllerEventSource<R> source(Class<R> kind) {
        return (ControllerEventSource<R>) sources.get(kind);
    }
}

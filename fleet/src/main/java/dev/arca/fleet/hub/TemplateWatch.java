package dev.arca.fleet.hub;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Informers on the hub objects that policies select, one per apiVersion and kind, started the first
 * time a policy names the kind and kept while the hub runs. Their caches are where bindings read
 * their templates; every change is passed on so that the policy and the binding look again.
 */
final class TemplateWatch implements AutoCloseable {
    private final KubernetesClient hub;
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers = new ConcurrentHashMap<>();
    private final Listener onChange;

    /** What the hub does when a watched object changes. */
    interface Listener {
        /**
         * @param type      the type key ({@code apiVersion|kind})
         * @param selection whether what a policy selects by may have changed: an add or delete, or a change of
         *                  labels, generation (a workload's spec names its dependencies) or deletion mark; not a
         *                  ConfigMap's data or a status
         */
        void changed(String type, GenericKubernetesResource obj, boolean selection);
    }

    /** @param onChange called on every add, change and delete */
    TemplateWatch(KubernetesClient hub, Listener onChange) {
        this.hub = hub;
        this.onChange = onChange;
    }

    static String key(String apiVersion, String kind) {
        return apiVersion + "|" + kind;
    }

    /** Starts the informer of this type if none runs, and waits for its first list. */
    void watch(String apiVersion, String kind) {
        informers.computeIfAbsent(key(apiVersion, kind), k -> {
            SharedIndexInformer<GenericKubernetesResource> informer = hub.genericKubernetesResources(apiVersion, kind)
                    .inAnyNamespace().runnableInformer(0);
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(GenericKubernetesResource obj) {
                    onChange.changed(k, obj, true);
                }

                @Override
                public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                    ObjectMeta was = oldObj.getMetadata();
                    ObjectMeta now = newObj.getMetadata();
                    if (!was.getResourceVersion().equals(now.getResourceVersion())) {
                        onChange.changed(k, newObj, !Objects.equals(was.getLabels(), now.getLabels())
                                || !Objects.equals(was.getGeneration(), now.getGeneration())
                                || !Objects.equals(was.getDeletionTimestamp(), now.getDeletionTimestamp()));
                    }
                }

                @Override
                public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                    onChange.changed(k, obj, true);
                }
            });
            informer.run();
            return informer;
        });
    }

    /** The objects of a watched type in {@code namespace} (every namespace when null). */
    List<GenericKubernetesResource> list(String apiVersion, String kind, String namespace) {
        watch(apiVersion, kind);
        SharedIndexInformer<GenericKubernetesResource> informer = informers.get(key(apiVersion, kind));
        return new ArrayList<>(namespace == null ? informer.getStore().list()
                : informer.getIndexer().byIndex("namespace", namespace));
    }

    Optional<GenericKubernetesResource> get(String apiVersion, String kind, String namespace, String name) {
        watch(apiVersion, kind);
        String key = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
        return Optional.ofNullable(informers.get(key(apiVersion, kind)).getStore().getByKey(key));
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
    }
}

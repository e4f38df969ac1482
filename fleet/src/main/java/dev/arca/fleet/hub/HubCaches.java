package dev.arca.fleet.hub;

import dev.arca.fleet.resources.Cell;
import dev.arca.fleet.resources.ClusterPropagationPolicy;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.OverridePolicy;
import dev.arca.fleet.resources.PropagationPolicy;
import dev.arca.fleet.resources.ResourceBinding;
import dev.arca.fleet.resources.Work;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The hub's view of its own resources, from one informer per kind over every namespace: the
 * controllers look members, cells, policies and Works up here instead of asking the API server.
 * Works are indexed by the binding they come from.
 */
public final class HubCaches implements AutoCloseable {
    private static final String BY_BINDING = "binding";
    private static final String BY_COPY = "copy";
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new ConcurrentHashMap<>();

    HubCaches(KubernetesClient hub) {
        for (Class<? extends HasMetadata> kind : List.of(MemberCluster.class, Cell.class, PropagationPolicy.class,
                ClusterPropagationPolicy.class, OverridePolicy.class, ResourceBinding.class)) {
            informers.put(kind, hub.resources(kind).inAnyNamespace().runnableInformer(0));
        }
        informers.put(io.fabric8.kubernetes.api.model.Namespace.class, hub.namespaces().runnableInformer(0));
        SharedIndexInformer<Work> works = hub.resources(Work.class).inAnyNamespace().runnableInformer(0);
        works.addIndexers(Map.of(BY_BINDING, w -> List.of(w.getSpec() == null || w.getSpec().binding == null ? ""
                : w.getSpec().binding), BY_COPY, w -> List.of(copyKey(w))));
        informers.put(Work.class, works);
    }

    /** Starts every informer and waits until each has listed once. */
    void start() {
        informers.values().forEach(SharedIndexInformer::run);
    }

    /** Calls {@code onChange} with every added, changed or deleted object of {@code kind}. */
    <T extends HasMetadata> void onChange(Class<T> kind, Consumer<T> onChange) {
        informer(kind).addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.accept(obj);
            }
        });
    }

    /** Every object of {@code kind} in {@code namespace} (all namespaces when null), sorted by namespace and name. */
    <T extends HasMetadata> List<T> list(Class<T> kind, String namespace) {
        List<T> all = new ArrayList<>(namespace == null ? informer(kind).getStore().list()
                : informer(kind).getIndexer().byIndex("namespace", namespace));
        all.sort(Comparator.comparing((T t) -> String.valueOf(t.getMetadata().getNamespace()))
                .thenComparing(t -> t.getMetadata().getName()));
        return all;
    }

    <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name) {
        String key = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
        return Optional.ofNullable(informer(kind).getStore().getByKey(key));
    }

    /** The Works made for the binding {@code namespace/name}, on every member. */
    List<Work> works(String bindingNamespace, String bindingName) {
        @SuppressWarnings("unchecked")
        SharedIndexInformer<Work> works = (SharedIndexInformer<Work>) informers.get(Work.class);
        return new ArrayList<>(works.getIndexer().byIndex(BY_BINDING, bindingNamespace + "/" + bindingName));
    }

    /** The Works whose copy on a member is {@link MemberWatch#copyKey} {@code copyKey}. */
    List<Work> worksForCopy(String copyKey) {
        @SuppressWarnings("unchecked")
        SharedIndexInformer<Work> works = (SharedIndexInformer<Work>) informers.get(Work.class);
        return new ArrayList<>(works.getIndexer().byIndex(BY_COPY, copyKey));
    }

    static String copyKey(Work w) {
        if (w.getSpec() == null || w.getSpec().manifest == null || !(w.getSpec().manifest.getValue() instanceof Map<?, ?> m)) {
            return "";
        }
        Object meta = m.get("metadata");
        Object ns = meta instanceof Map<?, ?> md ? md.get("namespace") : null;
        Object name = meta instanceof Map<?, ?> md ? md.get("name") : null;
        return MemberWatch.copyKey(w.getSpec().cluster, String.valueOf(m.get("apiVersion")), String.valueOf(m.get("kind")),
                ns == null ? null : ns.toString(), String.valueOf(name));
    }

    /** The MemberCluster a Work's {@code spec.cluster} ({@code namespace/name}) names. */
    Optional<MemberCluster> member(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        return slash < 0 ? Optional.empty() : get(MemberCluster.class, key.substring(0, slash), key.substring(slash + 1));
    }

    /** The workspace of a hub namespace: its {@link FleetResources#WORKSPACE_LABEL}, else the namespace itself. */
    String workspace(String namespace) {
        return get(io.fabric8.kubernetes.api.model.Namespace.class, null, namespace)
                .map(n -> n.getMetadata().getLabels() == null ? null : n.getMetadata().getLabels().get(FleetResources.WORKSPACE_LABEL))
                .filter(w -> !w.isBlank()).orElse(namespace);
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> kind) {
        return (SharedIndexInformer<T>) informers.get(kind);
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
    }
}

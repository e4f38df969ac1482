package dev.arca.fleet.hub;

import dev.arca.fleet.agent.MemberView;
import dev.arca.fleet.resources.FleetResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's watches of its Push members' copies: per member and kind, one informer over the objects
 * the fleet wrote there (those carrying the binding label). A Work reads its copy here instead of
 * asking the member at every resync, and a change of a copy on the member (edited, deleted, its
 * health moved) makes its Work look again at once. Until a watch has listed, and while it is not
 * watching (the member is unreachable), reads go to the member's API server, which fails fast. A
 * kind the member cannot watch (not served there) is read directly, and tried again after a minute.
 */
final class MemberWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemberWatch.class);
    private static final Duration RETRY = Duration.ofMinutes(1);

    private record Key(String member, String apiVersion, String kind) {
    }

    private record Watch(KubernetesClient client, SharedIndexInformer<GenericKubernetesResource> informer) {
    }

    private final Map<Key, Watch> watches = new ConcurrentHashMap<>();
    private final Map<Key, Instant> failed = new ConcurrentHashMap<>();
    private final Map<Key, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> namespaces = new ConcurrentHashMap<>();
    private final Consumer<String> onCopy;
    private final Clock clock;

    /** @param onCopy called with the {@link #copyKey} of every copy that changed on a member */
    MemberWatch(Consumer<String> onCopy, Clock clock) {
        this.onCopy = onCopy;
        this.clock = clock;
    }

    /** What identifies one copy on one member: the member key ({@code namespace/name}), kind, namespace and name. */
    static String copyKey(String member, String apiVersion, String kind, String namespace, String name) {
        return member + "|" + apiVersion + "|" + kind + "|" + (namespace == null ? "" : namespace) + "|" + name;
    }

    /** A view of member {@code member} ({@code namespace/name}) through {@code client}, reading from its watches. */
    MemberView view(String member, KubernetesClient client) {
        return new MemberView() {
            @Override
            public KubernetesClient client() {
                return client;
            }

            @Override
            public GenericKubernetesResource live(GenericKubernetesResource desired) {
                Watch w = watch(member, client, desired.getApiVersion(), desired.getKind());
                if (w == null || !w.informer().hasSynced() || !w.informer().isWatching()) {
                    return client.resource(desired).get();
                }
                String ns = desired.getMetadata().getNamespace();
                String name = desired.getMetadata().getName();
                return w.informer().getStore().getByKey(ns == null || ns.isEmpty() ? name : ns + "/" + name);
            }

            @Override
            public void ensureNamespace(String namespace) {
                Set<String> known = namespaces.computeIfAbsent(member, k -> ConcurrentHashMap.newKeySet());
                if (namespace == null || namespace.isEmpty() || known.contains(namespace)) {
                    return;
                }
                MemberView.super.ensureNamespace(namespace);
                known.add(namespace);
            }
        };
    }

    /** True when the member's copies of this kind are watched now: what is read of them is current. */
    boolean watching(String member, String apiVersion, String kind) {
        Watch w = watches.get(new Key(member, apiVersion, kind));
        return w != null && w.informer().hasSynced() && w.informer().isWatching();
    }

    /**
     * True when this copy ({@link #copyKey}) is in a live watch: its changes come as events, and what is read of it
     * is current. False for a copy the watch cannot see (one without the fleet's label, adopted as it was).
     */
    boolean watches(String member, String copyKey) {
        String[] parts = copyKey.split("\\|", -1);
        if (parts.length != 5) {
            return false;
        }
        Watch w = watches.get(new Key(member, parts[1], parts[2]));
        String key = parts[3].isEmpty() ? parts[4] : parts[3] + "/" + parts[4];
        return w != null && w.informer().hasSynced() && w.informer().isWatching() && w.informer().getStore().getByKey(key) != null;
    }

    /** Forgets which of the member's namespaces exist (one may have been deleted there): the next apply looks again. */
    void forgetNamespaces(String member) {
        namespaces.remove(member);
    }

    /** Stops the member's watches (it left the fleet). */
    void forget(String member) {
        namespaces.remove(member);
        failed.keySet().removeIf(k -> k.member().equals(member));
        watches.entrySet().removeIf(e -> {
            if (e.getKey().member().equals(member)) {
                e.getValue().informer().close();
                return true;
            }
            return false;
        });
    }

    private Watch watch(String member, KubernetesClient client, String apiVersion, String kind) {
        Key key = new Key(member, apiVersion, kind);
        Watch w = watches.get(key);
        if (w != null && w.client() == client && w.informer().isRunning()) {
            return w;
        }
        Instant retry = failed.get(key);
        if (retry != null && clock.instant().isBefore(retry)) {
            return null;
        }
        // one watch per member and kind (a lock per key: a dead member's discovery never holds up another's);
        // a new client (a re-join) replaces the old one's watch
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            w = watches.get(key);
            if (w != null && w.client() == client && w.informer().isRunning()) {
                return w;
            }
            if (w != null) { // a re-join's new client, or a watch that stopped (its first list failed): start again later
                w.informer().close();
                watches.remove(key);
                if (w.client() == client) {
                    failed.put(key, clock.instant().plus(RETRY));
                }
            }
            retry = failed.get(key);
            if (retry != null && clock.instant().isBefore(retry)) {
                return null;
            }
            try {
                Watch started = new Watch(client, start(key, client));
                watches.put(key, started);
                failed.remove(key);
                return started;
            } catch (RuntimeException e) {
                LOG.debug("cannot watch {} {} on member {}: {}", apiVersion, kind, member, e.toString());
                watches.remove(key);
                failed.put(key, clock.instant().plus(RETRY));
                return null;
            }
        }
    }

    private SharedIndexInformer<GenericKubernetesResource> start(Key key, KubernetesClient client) {
        SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(key.apiVersion(), key.kind())
                .inAnyNamespace().withLabel(FleetResources.BINDING_LABEL).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                changed(obj);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                changed(after);
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean finalStateUnknown) {
                changed(obj);
            }

            private void changed(GenericKubernetesResource copy) {
                onCopy.accept(copyKey(key.member(), key.apiVersion(), key.kind(),
                        copy.getMetadata().getNamespace(), copy.getMetadata().getName()));
            }
        });
        informer.start(); // lists and watches in the background; reads go to the API server until it has listed
        return informer;
    }

    @Override
    public void close() {
        watches.values().forEach(w -> w.informer().close());
        watches.clear();
    }
}

package dev.arca.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Reads types across all namespaces the way Arca's collector does, and nothing more: paginated
 * LISTs ({@code limit} + {@code continue}) through {@code genericKubernetesResources}, one thread
 * per type, items parsed and dropped. This is the floor a backup of those types cannot beat.
 */
final class Lister {
    private final KubernetesClient client;
    private final int pageSize;

    Lister(KubernetesClient client, int pageSize) {
        this.client = client;
        this.pageSize = pageSize;
    }

    /**
     * What one listing saw.
     *
     * @param elapsed wall time of the whole listing
     * @param listed  items listed per type (plural), in every namespace
     * @param bench   benchmark objects (labelled) per type in the namespaces that {@code namespaces} accepts
     * @param pages   LIST requests made
     */
    record Listing(Duration elapsed, Map<String, Long> listed, Map<String, Long> bench, long pages) {
        long total() {
            return listed.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Lists every type in full, in parallel, counting the benchmark objects in accepted namespaces. */
    Listing list(List<ResourceDefinitionContext> types, Predicate<String> namespaces) {
        Map<String, Long> listed = new ConcurrentHashMap<>();
        Map<String, Long> bench = new ConcurrentHashMap<>();
        AtomicLong pages = new AtomicLong();
        Duration elapsed = ParallelWork.run("list", types.size(), types.size(), i -> {
            ResourceDefinitionContext type = types.get(i);
            long[] counts = listType(type, namespaces, pages);
            listed.put(type.getPlural(), counts[0]);
            bench.put(type.getPlural(), counts[1]);
        }, done -> { });
        return new Listing(elapsed, new TreeMap<>(listed), new TreeMap<>(bench), pages.get());
    }

    /**
     * The {@code namespace/name} of every benchmark object of {@code type} in the accepted
     * namespaces (to check a restore name by name). Holds them all; for checks, not for timing.
     */
    Set<String> benchEntries(ResourceDefinitionContext type, Predicate<String> namespaces) {
        Set<String> entries = ConcurrentHashMap.newKeySet();
        forEachItem(type, new AtomicLong(), item -> {
            String ns = item.getMetadata().getNamespace();
            if (namespaces.test(ns) && isBench(item)) {
                entries.add(ns + "/" + item.getMetadata().getName());
            }
        });
        return entries;
    }

    private long[] listType(ResourceDefinitionContext type, Predicate<String> namespaces, AtomicLong pages) {
        long[] counts = new long[2];
        forEachItem(type, pages, item -> {
            counts[0]++;
            if (namespaces.test(item.getMetadata().getNamespace()) && isBench(item)) {
                counts[1]++;
            }
        });
        return counts;
    }

    private void forEachItem(ResourceDefinitionContext type, AtomicLong pages,
                             java.util.function.Consumer<GenericKubernetesResource> visitor) {
        String token = null;
        do {
            GenericKubernetesResourceList page = client.genericKubernetesResources(type).inAnyNamespace()
                    .list(new ListOptionsBuilder().withLimit((long) pageSize).withContinue(token).build());
            pages.incrementAndGet();
            page.getItems().forEach(visitor);
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
    }

    private static boolean isBench(GenericKubernetesResource item) {
        Map<String, String> labels = item.getMetadata().getLabels();
        return labels != null && BenchObjects.LABEL_VALUE.equals(labels.get(BenchObjects.LABEL));
    }
}

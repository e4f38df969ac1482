package dev.arca.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * POSTs the benchmark's namespaces and objects with the same fabric8 client and the same generic
 * create call as Arca's restore ({@code genericKubernetesResources(ctx).inNamespace(ns).resource(item).create()}),
 * {@code parallelism} at a time. Loading retries throttled or transient failures; the create floor
 * does not (a failure there is a broken run, not a slow one).
 */
final class Creator {
    private static final Set<Integer> TRANSIENT = Set.of(0, 429, 500, 502, 503, 504);
    private final KubernetesClient client;
    private final BenchObjects objects;
    private final int parallelism;
    private final int retries;
    private final PrintStream err;

    Creator(KubernetesClient client, BenchObjects objects, int parallelism, int retries, PrintStream err) {
        this.client = client;
        this.objects = objects;
        this.parallelism = parallelism;
        this.retries = retries;
        this.err = err;
    }

    /** Creates the namespaces under {@code prefix}, then every object in them; returns the time of both. */
    Duration createAll(String prefix, String what) {
        long began = System.nanoTime();
        List<String> namespaces = objects.namespaceNames(prefix);
        ParallelWork.run(what + "-ns", namespaces.size(), parallelism, i -> withRetries(() ->
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespaces.get(i))
                        .endMetadata().build()).create()), done -> { });
        long[] last = {began};
        ParallelWork.run(what, objects.count(), parallelism, i -> {
            GenericKubernetesResource item = objects.item(prefix, i);
            withRetries(() -> client.genericKubernetesResources(BenchObjects.context(i))
                    .inNamespace(item.getMetadata().getNamespace()).resource(item).create());
        }, done -> {
            double s = (System.nanoTime() - began) / 1e9;
            err.printf("bench: %s: %d/%d objects, %.0f/s%n", what, done, objects.count(), done / s);
        });
        return Duration.ofNanos(System.nanoTime() - began);
    }

    private void withRetries(Runnable post) {
        for (int attempt = 0; ; attempt++) {
            try {
                post.run();
                return;
            } catch (KubernetesClientException e) {
                if (attempt > 0 && e.getCode() == 409) {
                    return; // an earlier attempt got through before its answer was lost
                }
                if (attempt >= retries || !TRANSIENT.contains(e.getCode())) {
                    throw e;
                }
                sleep(200L * (attempt + 1));
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

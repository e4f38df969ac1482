package dev.arca.engine.blueprint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * The pods a backup takes that name a blueprint ({@value Blueprint#NAME}), noted as the pods
 * stream past (thread-safe), grouped into workloads: a blueprint runs once per workload, in one
 * of its pods.
 */
public final class BlueprintPods {
    /** One annotated pod. */
    record Seen(String namespace, String pod, String workload, String blueprint, Map<String, String> annotations,
                String firstContainer, boolean ready) {
    }

    /** A workload whose pods name a blueprint; {@code pods} sorted by name, the Ready ones first. */
    record Workload(String namespace, String workload, String blueprint, List<Seen> pods) {
        Seen chosen() {
            return pods.get(0).ready() ? pods.get(0) : null;
        }
    }

    private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

    /** Notes the pod when it names a blueprint. */
    public void observe(JsonNode pod) {
        Map<String, String> annotations = Workloads.annotations(pod);
        String blueprint = annotations.get(Blueprint.NAME);
        if (blueprint == null || blueprint.isBlank()) {
            return;
        }
        JsonNode metadata = pod.path("metadata");
        seen.add(new Seen(metadata.path("namespace").asText(), metadata.path("name").asText(), Workloads.of(pod), blueprint.strip(),
                annotations, Workloads.firstContainer(pod), Workloads.ready(pod)));
    }

    /** Whether no pod seen names a blueprint. */
    public boolean isEmpty() {
        return seen.isEmpty();
    }

    /** The workloads seen, sorted by namespace and workload. */
    List<Workload> workloads() {
        Comparator<Seen> order = Comparator.comparing((Seen s) -> !s.ready()).thenComparing(Seen::pod);
        Map<String, List<Seen>> byWorkload = seen.stream()
                .sorted(Comparator.comparing((Seen s) -> s.namespace() + "/" + s.workload()).thenComparing(order))
                .collect(Collectors.groupingBy(s -> s.namespace() + "/" + s.workload(), LinkedHashMap::new, Collectors.toList()));
        return byWorkload.values().stream()
                .map(pods -> new Workload(pods.get(0).namespace(), pods.get(0).workload(), pods.get(0).blueprint(), List.copyOf(pods)))
                .toList();
    }
}

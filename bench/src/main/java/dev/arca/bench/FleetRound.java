package dev.arca.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.PropagationPolicy;
import dev.arca.testkit.ServerSupport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Timed propagation through the hub: a namespace of the workspace with one PropagationPolicy that
 * selects the namespace's ConfigMaps by label, then ConfigMaps created (or changed) on the hub by
 * 16 threads, timed from the first write until every target member holds all of them with the
 * expected data (each member LISTed every 0.5 s).
 */
final class FleetRound {
    static final String ROUND_LABEL = "bench.arca.dev/round";
    static final String VERSION_KEY = "version";
    static final int PARALLELISM = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 500;
    static final Duration STALL = Duration.ofMinutes(10);
    private static final long PROGRESS_NANOS = Duration.ofSeconds(15).toNanos();
    private final KubernetesClient hub;
    private final FleetHubProcess process;
    private final PrintStream err;

    /** A member control plane as the bench reads it: its name in the workspace and a client of its own. */
    record Member(String name, KubernetesClient client) {
    }

    FleetRound(KubernetesClient hub, FleetHubProcess process, PrintStream err) {
        this.hub = hub;
        this.process = process;
        this.err = err;
    }

    /** Creates hub namespace {@code ns} in {@code workspace} and a policy placing its labelled ConfigMaps on {@code targets}. */
    void prepare(String ns, String workspace, List<Member> targets, boolean allMembers) {
        hub.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .addToLabels(FleetResources.WORKSPACE_LABEL, workspace).endMetadata().build()).create();
        PolicySpec spec = new PolicySpec();
        PolicySpec.ResourceSelector s = new PolicySpec.ResourceSelector();
        s.apiVersion = "v1";
        s.kind = "ConfigMap";
        s.labelSelector = new LabelSelectorBuilder().addToMatchLabels(ROUND_LABEL, ns).build();
        spec.resourceSelectors = new ArrayList<>(List.of(s));
        if (!allMembers) {
            spec.placement.clusterAffinity = new Placement.ClusterAffinity();
            spec.placement.clusterAffinity.clusterNames = targets.stream().map(Member::name).toList();
        }
        PropagationPolicy p = new PropagationPolicy();
        p.getMetadata().setNamespace(ns);
        p.getMetadata().setName("bench");
        p.setSpec(spec);
        hub.resource(p).create();
    }

    /** Creates {@code count} ConfigMaps (version 1) in {@code ns} on the hub; returns the time until every target holds them. */
    Duration create(String ns, int count, List<Member> targets) {
        long began = System.nanoTime();
        ParallelWork.run("hub-create", count, PARALLELISM, i -> hub.configMaps().inNamespace(ns)
                .resource(configMap(ns, i, 1)).create(), done -> err.printf("bench:   %s: %d of %d created on the hub%n", ns, done, count));
        err.printf("bench:   %s: %d ConfigMaps created on the hub in %.1f s%n", ns, count, (System.nanoTime() - began) / 1e9);
        return awaitCopies(ns, count, 1, targets, began);
    }

    /** Changes the data of the {@code count} ConfigMaps of {@code ns} to version 2; returns the time until every target holds it. */
    Duration update(String ns, int count, List<Member> targets) {
        long began = System.nanoTime();
        ParallelWork.run("hub-update", count, PARALLELISM, i -> hub.configMaps().inNamespace(ns).withName(name(i))
                .patch(PatchContext.of(PatchType.JSON_MERGE), dataPatch(ns, i, 2)), done -> { });
        err.printf("bench:   %s: %d ConfigMaps changed on the hub in %.1f s%n", ns, count, (System.nanoTime() - began) / 1e9);
        return awaitCopies(ns, count, 2, targets, began);
    }

    /**
     * Polls every target until each holds {@code count} ConfigMaps of {@code ns} at {@code version}.
     * Gives up (the run is broken, not slow) only when no member gained a copy for {@link #STALL}.
     */
    private Duration awaitCopies(String ns, int count, int version, List<Member> targets, long began) {
        Map<String, Integer> held = new LinkedHashMap<>();
        targets.forEach(m -> held.put(m.name(), 0));
        long lastReport = System.nanoTime();
        long lastGain = lastReport;
        while (true) {
            for (Member m : targets) {
                int before = held.get(m.name());
                if (before < count) {
                    held.put(m.name(), holding(m, ns, version));
                    lastGain = held.get(m.name()) > before ? System.nanoTime() : lastGain;
                }
            }
            long now = System.nanoTime();
            if (held.values().stream().allMatch(h -> h >= count)) {
                Duration took = Duration.ofNanos(now - began);
                err.printf("bench:   %s: every member holds all %d (version %d) after %.1f s%n", ns, count, version, took.toNanos() / 1e9);
                return took;
            }
            process.requireAlive("propagation of " + ns);
            if (now - lastGain > STALL.toNanos()) {
                throw new Checks.Broken("no member gained a copy for " + STALL.toMinutes() + " minutes: they hold " + held + " of "
                        + count + " ConfigMaps of " + ns + " at version " + version + "; arca fleet hub's log (" + process.log()
                        + ") ends:\n" + ServerSupport.tail(process.log(), 30));
            }
            if (now - lastReport > PROGRESS_NANOS) {
                err.printf("bench:   %s: after %.0f s the members hold %s of %d%n", ns, (now - began) / 1e9, held, count);
                lastReport = now;
            }
            ServerSupport.sleep(Duration.ofMillis(POLL_MILLIS), "copies of " + ns);
        }
    }

    /** How many ConfigMaps of {@code ns} on member {@code m} carry data of {@code version} (one LIST). */
    static int holding(Member m, String ns, int version) {
        String expected = Integer.toString(version);
        return (int) m.client().configMaps().inNamespace(ns).list().getItems().stream()
                .filter(c -> c.getData() != null && expected.equals(c.getData().get(VERSION_KEY))).count();
    }

    static String name(int i) {
        return String.format("bench-%06d", i);
    }

    /** ConfigMap {@code i} of round {@code ns} at {@code version}: labelled for the round's policy, about 1 KiB of data. */
    static ConfigMap configMap(String ns, int i, int version) {
        return new ConfigMapBuilder().withNewMetadata().withName(name(i)).addToLabels(ROUND_LABEL, ns).endMetadata()
                .withData(data(ns, i, version)).build();
    }

    static Map<String, String> data(String ns, int i, int version) {
        String seed = ns + "/" + name(i) + "/v" + version + ";";
        return Map.of(VERSION_KEY, Integer.toString(version), "payload", seed.repeat(1024 / seed.length() + 1).substring(0, 1024));
    }

    private static String dataPatch(String ns, int i, int version) {
        try {
            return JSON.writeValueAsString(Map.of("data", data(ns, i, version)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the patch of " + name(i), e);
        }
    }
}

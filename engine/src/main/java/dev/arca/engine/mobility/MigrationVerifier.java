package dev.arca.engine.mobility;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.engine.discovery.ClusterDiscovery;
import dev.arca.engine.discovery.ResourceType;
import dev.arca.engine.restore.ItemOutcome;
import dev.arca.engine.restore.ItemTransformer;
import dev.arca.engine.restore.RestorePlanner;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.engine.volume.VolumeBackup;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a finished restore against its backup in the target cluster: every item the restore was
 * to write (after the same filters, skips and namespace mapping the restore applies) is there, none
 * failed, and none was left differing from the backup (but for what a cluster makes itself, see
 * {@link #differs}). Read-only.
 */
public final class MigrationVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LISTED_MISSING = 20;
    private final KubernetesClient target;

    public MigrationVerifier(KubernetesClient target) {
        this.target = target;
    }

    public Verification verify(ArchiveReader archive, RestoreSpec spec, RestoreRecord record) {
        Expected expected = expected(archive, spec);
        Map<String, ResourceType> served = new ClusterDiscovery(target).discover(p -> { }).stream()
                .collect(Collectors.toMap(ResourceType::resource, Function.identity(), (a, b) -> a));
        Map<String, Verification.TypeCount> types = new TreeMap<>();
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Long> e : expected.backedUp.entrySet()) {
            String resource = e.getKey();
            Set<String> wanted = expected.applied.getOrDefault(resource, Set.of());
            Set<String> missing = new TreeSet<>(wanted);
            if (!wanted.isEmpty() && served.containsKey(resource)) {
                missing.removeAll(present(served.get(resource), wanted));
            }
            long skipped = expected.skipped.getOrDefault(resource, 0L);
            types.put(resource, new Verification.TypeCount(e.getValue(), skipped, wanted.size() - missing.size()));
            missing.stream().limit(LISTED_MISSING).forEach(m -> differences.add(resource + " " + m + ": not in the target"));
            if (missing.size() > LISTED_MISSING) {
                differences.add(resource + ": " + (missing.size() - LISTED_MISSING) + " more not in the target");
            }
        }
        record.outcome().errors().forEach(p -> differences.add(p.resource() + " " + (p.namespace() == null ? "" : p.namespace() + "/")
                + p.name() + ": failed to restore: " + p.message()));
        if (record.count(ItemOutcome.failed) > record.outcome().errors().size()) {
            differences.add(record.count(ItemOutcome.failed) + " items failed to restore; run 'arca restore describe "
                    + record.name() + " --details'");
        }
        record.outcome().warnings().stream().filter(MigrationVerifier::differs).forEach(p -> differences.add(p.resource() + " "
                + (p.namespace() == null ? "" : p.namespace() + "/") + p.name() + ": existed in the target and differs from the"
                + " backup (left as it was); rerun with --existing-resource-policy update to overwrite it"));
        return new Verification(types, differences);
    }

    /**
     * An item the restore found existing and different, and left. Not a difference: a target namespace that
     * existed (the pre-flight reports it; its objects are compared one by one) and the {@code kube-root-ca.crt}
     * ConfigMap, which every cluster writes into every namespace with its own CA.
     */
    static boolean differs(dev.arca.api.Problem warning) {
        if (warning.message() == null || !warning.message().startsWith(EXISTS_DIFFERS)) {
            return false;
        }
        return !"namespaces".equals(warning.resource())
                && !("configmaps".equals(warning.resource()) && "kube-root-ca.crt".equals(warning.name()));
    }

    /** How the restore words an existing item it left because it differs (RestoreApplier). */
    static final String EXISTS_DIFFERS = "exists in the cluster and differs from the backup";

    /** What the restore was to write: per type, {@code namespace/name} (or {@code name}) in the target. */
    private static Expected expected(ArchiveReader archive, RestoreSpec spec) {
        Map<String, String> relocated = Boolean.FALSE.equals(spec.restoreVolumes()) ? Map.of()
                : RestoreRunner.relocations(spec, VolumeBackup.read(archive));
        ItemTransformer transformer = new ItemTransformer(spec, RestorePlanner.plan(archive.resourceList()), relocated);
        Expected out = new Expected();
        archive.forEachItem((key, json) -> {
            ObjectNode item;
            try {
                item = (ObjectNode) JSON.readTree(json);
            } catch (IOException | ClassCastException e) {
                throw new ArcaException.Corrupt("item " + key + " of the backup is not a JSON object: " + e.getMessage(), e);
            }
            ItemTransformer.Decision d = transformer.transform(key, item, uid -> uid);
            if (d.filtered()) {
                return;
            }
            out.backedUp.merge(key.resource(), 1L, Long::sum);
            if (d.item() == null) {
                out.skipped.merge(key.resource(), 1L, Long::sum);
                return;
            }
            String ns = d.item().path("metadata").path("namespace").asText("");
            String name = d.item().path("metadata").path("name").asText();
            out.applied.computeIfAbsent(key.resource(), k -> new TreeSet<>()).add(ns.isEmpty() ? name : ns + "/" + name);
        });
        return out;
    }

    /** Which of {@code wanted} the target holds. */
    private Set<String> present(ResourceType type, Set<String> wanted) {
        var op = target.genericKubernetesResources(type.context());
        Set<String> found = new java.util.HashSet<>();
        if (!type.namespaced()) {
            op.list().getItems().forEach(i -> found.add(i.getMetadata().getName()));
            return found;
        }
        Set<String> namespaces = wanted.stream().map(w -> w.substring(0, w.indexOf('/'))).collect(Collectors.toSet());
        for (String ns : namespaces) {
            op.inNamespace(ns).list().getItems().forEach(i -> found.add(ns + "/" + i.getMetadata().getName()));
        }
        return found;
    }

    private static final class Expected {
        final Map<String, Long> backedUp = new TreeMap<>();
        final Map<String, Long> skipped = new HashMap<>();
        final Map<String, Set<String>> applied = new HashMap<>();
    }
}

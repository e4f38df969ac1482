package dev.arca.engine.compare;

import dev.arca.api.ExistingResourcePolicy;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code backup verify --test-restore}: restores a backup for real into scratch namespaces (each of
 * its namespaces mapped to {@code <namespace>-verify-<suffix>}), compares what landed there with the
 * backup ({@link BackupComparer#live}), and deletes the scratch namespaces whatever happened. Only
 * namespaced items are restored and no volume data (a test must not change the cluster outside its
 * scratch namespaces; volume data is verified chunk by chunk instead). The restore keeps its record
 * in the location like any other.
 */
public final class TestRestore {
    /**
     * @param namespaces the backup's namespaces → their scratch namespaces
     * @param leftBehind scratch namespaces still there after the deletion timeout, with why
     */
    public record Result(Map<String, String> namespaces, RestoreRecord restore, DiffReport comparison, List<String> leftBehind) {
        public boolean passed() {
            return restore.phase() == Phase.Completed && comparison.equal() && leftBehind.isEmpty();
        }
    }

    private final KubernetesClient client;
    private final ObjectStore store;
    private final ObjectStore records;
    private final EngineOptions options;
    private final Duration deleteTimeout;

    public TestRestore(KubernetesClient client, ObjectStore store, ObjectStore records, EngineOptions options, Duration deleteTimeout) {
        this.client = client;
        this.store = store;
        this.records = records;
        this.options = options;
        this.deleteTimeout = deleteTimeout;
    }

    /** Restores {@code backup} as restore {@code restoreName} into namespaces suffixed with {@code -verify-<suffix>}. */
    public Result run(String backup, String restoreName, String suffix) {
        Map<String, String> scratch;
        try (ArchiveReader archive = ArchiveReader.open(store, backup)) {
            scratch = scratchNamespaces(archive.resourceList(), suffix);
        }
        RestoreSpec spec = new RestoreSpec(backup, null, null, null, null, Boolean.FALSE, null, scratch, false, false,
                ExistingResourcePolicy.none, null, Boolean.FALSE);
        RestoreRecord record;
        DiffReport comparison;
        List<String> leftBehind = List.of();
        try {
            record = new RestoreRunner(client, store, records, options).run(restoreName, spec, ProgressListener.NONE);
            try (ArchiveReader archive = ArchiveReader.open(store, backup)) {
                comparison = BackupComparer.live(archive, client, spec);
            }
        } finally {
            leftBehind = delete(scratch.values());
        }
        return new Result(scratch, record, comparison, leftBehind);
    }

    static Map<String, String> scratchNamespaces(Map<String, List<String>> resourceList, String suffix) {
        TreeSet<String> namespaces = new TreeSet<>(resourceList.getOrDefault("namespaces", List.of()));
        resourceList.values().forEach(entries -> entries.stream().filter(e -> e.indexOf('/') > 0)
                .forEach(e -> namespaces.add(e.substring(0, e.indexOf('/')))));
        Map<String, String> out = new TreeMap<>();
        String tail = "-verify-" + suffix;
        for (String ns : namespaces) {
            String head = ns.length() + tail.length() > 63 ? ns.substring(0, 63 - tail.length()) : ns;
            out.put(ns, head.replaceAll("-+$", "") + tail);
        }
        return out;
    }

    /** Deletes the scratch namespaces and waits for them to be gone; returns those that are not, with why. */
    private List<String> delete(java.util.Collection<String> namespaces) {
        List<String> problems = new ArrayList<>();
        for (String ns : namespaces) {
            try {
                client.namespaces().withName(ns).delete();
            } catch (KubernetesClientException e) {
                problems.add("namespace " + ns + " could not be deleted: " + dev.arca.engine.restore.RestoreApplier.reason(e)
                        + "; delete it with 'kubectl delete namespace " + ns + "'");
            }
        }
        Instant deadline = Instant.now().plus(deleteTimeout);
        List<String> pending = new ArrayList<>(namespaces);
        while (!pending.isEmpty()) {
            pending.removeIf(ns -> client.namespaces().withName(ns).get() == null);
            if (pending.isEmpty() || !Instant.now().isBefore(deadline)) {
                break;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        pending.forEach(ns -> problems.add("namespace " + ns + " is still terminating after " + deleteTimeout.toSeconds()
                + "s; check it with 'kubectl get namespace " + ns + "'"));
        return problems;
    }
}

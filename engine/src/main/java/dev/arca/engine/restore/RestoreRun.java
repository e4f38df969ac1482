package dev.arca.engine.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.Problem;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.ItemKey;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.RunLog;
import dev.arca.engine.blueprint.BlueprintArtifact;
import dev.arca.engine.hooks.RestoreHookRun;
import dev.arca.engine.transform.Transforms;
import dev.arca.engine.volume.VolumeBackup;
import dev.arca.engine.volume.VolumeRestorer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mutable state of one restore run ({@link RestoreRunner}), shared by the apply threads: each
 * tier's items transformed and handed to the writer, what was restored (uids, claims, volumes,
 * CRDs, workloads), the counts, warnings and errors.
 */
final class RestoreRun {
    /** Bytes of items read from the archive and not yet applied, at most (one larger item is let through alone). */
    static final int IN_FLIGHT_BYTES = 128 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;
    private final EngineOptions options;
    final RestoreSpec spec;
    final RestorePlan plan;
    final ItemTransformer transformer;
    final RestoreApplier applier;
    final RestoreRunner.ItemWriter writer;
    final ProgressListener listener;
    final RunLog log;
    final Map<String, String> uids = new ConcurrentHashMap<>();
    final Set<String> restoredCrds = ConcurrentHashMap.newKeySet();
    final Map<ItemOutcome, AtomicLong> counts = new ConcurrentHashMap<>();
    final List<Problem> warnings = Collections.synchronizedList(new ArrayList<>());
    final List<Problem> errors = Collections.synchronizedList(new ArrayList<>());
    final Set<String> restoredClaims = ConcurrentHashMap.newKeySet();
    final Set<String> createdClaims = ConcurrentHashMap.newKeySet();
    /** PVs this restore created or freed for their restored claim: the only ones volume data goes into. */
    final Set<String> ownedVolumes = ConcurrentHashMap.newKeySet();
    /** {@code namespace/claim} and PV name → the snapshot whose data they are to receive. */
    final Map<String, String> pendingClaims = new java.util.HashMap<>();
    final Map<String, String> pendingVolumes = new java.util.HashMap<>();
    final Map<String, String> relocated;
    final RestoreHookRun hooks;
    /** Restored workloads and claims, for --wait-ready. */
    final List<ReadyWaiter.Target> waited = Collections.synchronizedList(new ArrayList<>());
    final boolean dryRun;
    /** The restore item actions (plugins): each item about to be applied goes through them. */
    final RestoreActions actions;
    /** {@code namespace/Kind/name} of the workloads the backup has blueprint data of. */
    final Set<String> blueprinted = new java.util.HashSet<>();
    /** Those of them this restore selected and applied (not failed): the only ones fed blueprint data. */
    final Set<String> selectedWorkloads = ConcurrentHashMap.newKeySet();
    /** What a listener call on an apply thread threw: the run stops before the next item. */
    final java.util.concurrent.atomic.AtomicReference<RuntimeException> stop = new java.util.concurrent.atomic.AtomicReference<>();

    /** @param preview null for a real restore, else the dry run's writer */
    RestoreRun(KubernetesClient client, EngineOptions options, RestoreSpec spec, RestorePlan plan, RestoreApplier applier,
               RestoreRunner.ItemWriter preview, ProgressListener listener, RunLog log, Map<String, String> relocated,
               Transforms transforms, List<BlueprintArtifact> artifacts, RestoreActions actions) {
        this.client = client;
        this.actions = actions;
        this.options = options;
        artifacts.forEach(a -> blueprinted.add(a.namespace() + "/" + a.workload()));
        this.writer = preview != null ? preview : applier::apply;
        this.dryRun = preview != null;
        this.spec = spec;
        this.plan = plan;
        this.transformer = new ItemTransformer(spec, plan, relocated, transforms);
        this.applier = applier;
        this.listener = listener;
        this.log = log;
        this.relocated = relocated;
        this.hooks = new RestoreHookRun(spec.hooks(), client, log);
    }

    /** Notes which claims and PVs get volume data, so that what this restore creates is marked until it has it. */
    void markPending(List<VolumeBackup> volumes) {
        for (VolumeBackup v : volumes) {
            if (v.status() == VolumeBackup.Status.BackedUp && v.snapshot() != null) {
                pendingClaims.put(spec.targetNamespace(v.namespace()) + "/" + v.claim(), v.snapshot().id());
                if (v.persistentVolume() != null) {
                    pendingVolumes.put(restoredPvName(v.persistentVolume()), v.snapshot().id());
                }
            }
        }
    }

    String restoredPvName(String pv) {
        return relocated.containsKey(pv) ? ItemTransformer.relocatedName(pv, relocated.get(pv)) : pv;
    }

    /** The mark an item gets if this restore creates it: claims and PVs whose volume data is still to come. */
    private Map<String, String> pendingMark(ItemKey key, String target, ObjectNode item) {
        String snapshot = switch (key.resource()) {
            case "persistentvolumeclaims" -> pendingClaims.get(target + "/" + key.name());
            case "persistentvolumes" -> pendingVolumes.get(item.path("metadata").path("name").asText());
            default -> null;
        };
        return snapshot == null ? Map.of() : Map.of(VolumeRestorer.PENDING, snapshot);
    }


    /**
     * Applies the items of one tier, {@code parallelism} at a time. Items waiting for a thread
     * are bounded by count and by bytes ({@link #IN_FLIGHT_BYTES}), so an archive of large
     * items cannot queue gigabytes.
     */
    void tier(ArchiveReader archive, Set<String> resources) {
        try (BoundedPool pool = new BoundedPool(options.parallelism(), IN_FLIGHT_BYTES)) {
            archive.forEachItem((key, json) -> {
                stopIfAsked();
                if (resources.contains(key.resource())) {
                    pool.execute(json.length, () -> one(key, json));
                }
            });
        }
        stopIfAsked();
    }

    /** Ends the run with what the listener threw (the server's cancel): no further item is read or applied. */
    void stopIfAsked() {
        RuntimeException s = stop.get();
        if (s != null) {
            throw s;
        }
    }

    /** One item; whatever goes wrong with it is that item's error, never lost on a pool thread. */
    private void one(ItemKey key, byte[] json) {
        if (stop.get() != null) {
            return; // queued before the listener ended the run: not applied
        }
        try {
            applyOne(key, json);
        } catch (RuntimeException e) {
            record(key, spec.targetNamespace(key.namespace()), ItemOutcome.failed, "not restored: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private void applyOne(ItemKey key, byte[] json) {
        ObjectNode item;
        try {
            item = (ObjectNode) JSON.readTree(json);
        } catch (IOException | ClassCastException e) {
            record(key, null, ItemOutcome.failed, "not a JSON object in the backup: " + e.getMessage());
            return;
        }
        String oldUid = item.path("metadata").path("uid").asText(null);
        ItemTransformer.Decision d = transformer.transform(key, item, uids::get);
        if (d.filtered()) {
            return;
        }
        String target = spec.targetNamespace(key.namespace());
        String refused = d.item() == null ? d.skipped() : actions.apply(key, target, d.item());
        if (refused != null) {
            record(key, target, ItemOutcome.skipped, refused);
            return;
        }
        if (key.resource().equals("pods")) {
            hooks.addInitContainers(key.namespace(), d.item());
        }
        RestoreApplier.Applied applied = writer.apply(key, d.item(), pendingMark(key, target, d.item()));
        if (key.resource().equals("pods") && applied.outcome() == ItemOutcome.created && !dryRun) {
            hooks.created(key.namespace(), target, d.item(), p -> problem(true, p));
        }
        if (key.resource().equals("persistentvolumes") && (applied.outcome() == ItemOutcome.created || applied.freed())) {
            ownedVolumes.add(d.item().path("metadata").path("name").asText());
        }
        String workload = key.namespace() + "/" + d.item().path("kind").asText() + "/" + key.name();
        if (applied.outcome() != ItemOutcome.failed && blueprinted.contains(workload)) {
            selectedWorkloads.add(workload);
        }
        if (oldUid != null && applied.uid() != null) {
            uids.put(oldUid, applied.uid());
        }
        if (key.resource().equals(RestorePlanner.CRD) && applied.outcome() != ItemOutcome.failed) {
            restoredCrds.add(key.name());
        }
        if (key.resource().equals("persistentvolumeclaims") && applied.outcome() != ItemOutcome.failed) {
            restoredClaims.add(target + "/" + key.name());
            if (applied.outcome() == ItemOutcome.created) {
                createdClaims.add(target + "/" + key.name());
            }
        }
        if (Readiness.WAITED.contains(key.resource()) && applied.outcome() != ItemOutcome.failed) {
            waited.add(new ReadyWaiter.Target(key.resource(), target, d.item().path("metadata").path("name").asText(),
                    d.item().path("apiVersion").asText(), d.item().path("kind").asText()));
        }
        record(key, target, applied.outcome(), applied.message());
        if (applied.warning() != null) {
            problem(false, new Problem(target, key.resource(), key.name(), applied.warning()));
        }
    }

    void problem(boolean error, Problem p) {
        (error ? errors : warnings).add(p);
        listener.problem(error, p);
        log.item(error ? "error" : "warning", p.message(), p.resource(), p.namespace(), p.name());
    }

    private void record(ItemKey key, String targetNs, ItemOutcome outcome, String message) {
        counts.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
        String name = key.resource().equals("namespaces") ? spec.targetNamespace(key.name()) : key.name();
        Problem p = new Problem(targetNs, key.resource(), name, message == null ? outcome.name() : message);
        if (outcome == ItemOutcome.failed) {
            errors.add(p);
            listener.problem(true, p);
        } else if (outcome == ItemOutcome.existsDiffers) {
            warnings.add(p);
            listener.problem(false, p);
        }
        log.item(outcome == ItemOutcome.failed ? "error" : "info", outcome + (message == null ? "" : ": " + message),
                key.resource(), targetNs, name);
        try {
            listener.itemDone();
        } catch (RuntimeException e) { // the listener's way to stop the run (a cancel), not this item's failure
            stop.compareAndSet(null, e);
        }
    }

    void awaitCrds() {
        for (String crd : applier.awaitEstablished(restoredCrds, options.crdReadyTimeout())) {
            Problem p = new Problem(null, RestorePlanner.CRD, crd, "not Established after "
                    + options.crdReadyTimeout().toSeconds() + "s; its custom resources may fail");
            warnings.add(p);
            listener.problem(false, p);
        }
    }
}

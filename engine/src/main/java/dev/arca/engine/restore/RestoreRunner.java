package dev.arca.engine.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.api.Outcome;
import dev.arca.api.Phase;
import dev.arca.api.Problem;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveJson;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.BackupLease;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.ItemKey;
import dev.arca.archive.LocationLayout;
import dev.arca.archive.ZstdJsonLines;
import dev.arca.engine.ClusterAccess;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.Plugins;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.RunLog;
import dev.arca.engine.blueprint.BlueprintArtifact;
import dev.arca.engine.blueprint.BlueprintRestorer;
import dev.arca.engine.blueprint.Blueprints;
import dev.arca.engine.hooks.HookResult;
import dev.arca.engine.hooks.RestoreHookRun;
import dev.arca.engine.select.NamespaceFilter;
import dev.arca.engine.transform.Transforms;
import dev.arca.engine.volume.LazyRepository;
import dev.arca.engine.volume.VolumeBackup;
import dev.arca.engine.volume.VolumeRestore;
import dev.arca.engine.volume.VolumeRestorer;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one restore: open and verify the backup, plan tiers, and for each tier stream the archive,
 * transform each item of the tier and apply it (bounded parallelism); wait for restored CRDs to be
 * Established before later tiers; add the hooks' init containers to restored pods, and once every
 * tier is in, run their post-restore exec hooks. The record and log go to {@code restores/<name>/} in the
 * records store: the backup's location, or for a location that takes no writes (ReadOnly, the
 * disaster-recovery setup) a writable store the caller names. Item failures make the restore
 * PartiallyFailed; a corrupt archive fails it before any item is applied. A {@link BackupLease} on
 * the backup, taken before reading it and released at the end, keeps prune and delete from
 * removing the backup while the restore reads it; a ReadOnly location cannot hold one, and no
 * client that sees it ReadOnly deletes from it.
 */
public final class RestoreRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;
    private final ObjectStore store;
    private final ObjectStore records;
    private final EngineOptions options;
    private final Blueprints blueprints;
    private final RestoreActions actions;

    /** Restores from {@code store} and keeps the record and log there too. */
    public RestoreRunner(KubernetesClient client, ObjectStore store, EngineOptions options) {
        this(client, store, store, options);
    }

    /**
     * Restores from {@code store}, keeping the record and log in {@code records}.
     *
     * @throws ArcaException.InvalidInput when {@code records} takes no writes
     */
    public RestoreRunner(KubernetesClient client, ObjectStore store, ObjectStore records, EngineOptions options) {
        this(client, store, records, options, Blueprints.none());
    }

    /**
     * As above; {@code blueprints} (the restore's {@code --blueprints} files) redefine the restore
     * action of blueprints the backup recorded.
     */
    public RestoreRunner(KubernetesClient client, ObjectStore store, ObjectStore records, EngineOptions options,
                         Blueprints blueprints) {
        this(client, store, records, options, blueprints, Plugins.builtIn());
    }

    /** As above; each item about to be applied goes through the {@link RestoreItemAction}s {@code plugins} provides. */
    public RestoreRunner(KubernetesClient client, ObjectStore store, ObjectStore records, EngineOptions options,
                         Blueprints blueprints, Plugins plugins) {
        this.blueprints = blueprints;
        this.actions = new RestoreActions(plugins.load(RestoreItemAction.class));
        if (!records.writable()) {
            throw new ArcaException.InvalidInput("restore records cannot go to " + records.describe()
                    + ": it takes no writes; name a writable place for them");
        }
        this.client = client;
        this.store = store;
        this.records = records;
        this.options = options;
    }

    public RestoreRecord run(String name, RestoreSpec spec, ProgressListener listener) {
        BackupLocationSpec.validateName("restore", name);
        if (records.exists(LocationLayout.restoreKey(name))) {
            throw new ArcaException.InvalidInput("restore \"" + name + "\" already exists in " + records.describe()
                    + "; choose another name or run 'arca restore get'");
        }
        Transforms transforms = Transforms.of(spec.transforms()); // a bad rule stops the restore before anything is read or applied
        MDC.put("restore", name);
        Instant started = options.clock().instant();
        // the lease keeps prune and delete off the backup until the restore is done with it
        try (BackupLease lease = store.writable() ? BackupLease.acquire(store, spec.backupName(), name, options.clock()) : null;
             ZstdJsonLines.Writer logFile = ZstdJsonLines.create(records, LocationLayout.restoreLogKey(name));
             ArchiveReader archive = ArchiveReader.open(store, spec.backupName())) {
            RunLog log = new RunLog(logFile::write, LOG, options.clock());
            if (lease == null) {
                log.info("location " + store.describe() + " takes no writes: the restore holds no lease on backup "
                        + spec.backupName() + " and keeps its record in " + records.describe());
            }
            RestoreRecord record;
            try {
                record = run(name, spec, listener, started, archive, log, transforms, null);
            } catch (RuntimeException e) {
                log.warn("restore " + name + " failed: " + e.getMessage());
                record = new RestoreRecord(name, spec, Phase.Failed, started, options.clock().instant(), null,
                        null, null, e.getMessage(), null);
                save(record, logFile);
                throw e;
            }
            save(record, logFile);
            return record;
        } finally {
            MDC.remove("restore");
        }
    }

    private void save(RestoreRecord record, ZstdJsonLines.Writer logFile) {
        logFile.commit();
        try {
            records.put(LocationLayout.restoreKey(record.name()), ArchiveJson.mapper().writeValueAsBytes(record));
        } catch (IOException e) {
            throw new ArcaException("cannot write the record of restore " + record.name() + ": " + e.getMessage(), e);
        }
    }

    /** What a restore does with each item it transformed: apply it, or in a dry run only look at it. */
    @FunctionalInterface
    public interface ItemWriter {
        /**
         * @param createOnly annotations the item gets only if it is created (see {@link RestoreApplier#apply(ItemKey, ObjectNode, Map)})
         * @return what happened, or in a dry run what would happen
         */
        RestoreApplier.Applied apply(ItemKey key, ObjectNode desired, Map<String, String> createOnly);
    }

    /**
     * A dry run of {@link #run}: reads and verifies the backup and puts every item through the same
     * plan and transformation, then hands it to {@code preview} instead of the API server. Writes
     * nothing anywhere: no lease, record or log in the location; no namespace, object or volume
     * data in the cluster; waits for no CRD. Returns the record the restore would have (not saved).
     */
    public RestoreRecord preview(String name, RestoreSpec spec, ProgressListener listener, ItemWriter preview) {
        BackupLocationSpec.validateName("restore", name);
        Transforms transforms = Transforms.of(spec.transforms());
        try (ArchiveReader archive = ArchiveReader.open(store, spec.backupName())) {
            RunLog log = new RunLog(line -> { }, LOG, options.clock());
            return run(name, spec, listener, options.clock().instant(), archive, log, transforms, preview);
        }
    }

    /** @param preview null for a real restore; else the dry run's writer, and nothing is written */
    private RestoreRecord run(String name, RestoreSpec spec, ProgressListener listener, Instant started,
                              ArchiveReader archive, RunLog log, Transforms transforms, ItemWriter preview) {
        BackupManifest manifest = archive.manifest();
        if (manifest.phase() != Phase.Completed && manifest.phase() != Phase.PartiallyFailed) {
            throw new ArcaException.InvalidInput("backup \"" + spec.backupName() + "\" is " + manifest.phase()
                    + " and cannot be restored");
        }
        String version = ClusterAccess.version(client);
        listener.step("verifying backup");
        archive.forEachItem((key, json) -> { }); // downloads and verifies before anything is applied
        Map<String, List<String>> resourceList = archive.resourceList();
        RestorePlan plan = RestorePlanner.plan(resourceList);
        List<VolumeBackup> volumes = Boolean.FALSE.equals(spec.restoreVolumes()) ? List.of() : VolumeBackup.read(archive);
        listener.expect(manifest.itemCount());
        log.info("restore " + name + " of backup " + spec.backupName() + " into " + client.getMasterUrl()
                + " (Kubernetes " + version + "): " + manifest.itemCount() + " items in " + plan.tiers().size() + " tiers");
        Map<String, String> relocated = relocations(spec, volumes);
        RestoreApplier applier = new RestoreApplier(client, spec.existingResourcePolicy(), spec.restoreStatus());
        Run run = new Run(spec, plan, applier, preview, listener, log, relocated, transforms);
        run.markPending(volumes);
        RestorePlanner.unmatchedNamespaces(spec, resourceList).forEach(p -> run.problem(false, p));
        List<VolumeRestore> volumeResults = new ArrayList<>();
        try (LazyRepository repository = new LazyRepository(store)) {
            for (int tier = 0; tier < plan.tiers().size(); tier++) {
                listener.step("restoring tier " + (tier + 1) + " of " + plan.tiers().size());
                run.tier(archive, plan.tiers().get(tier));
                if (preview != null) {
                    continue; // a dry run creates no CRD to wait for and writes no volume data
                }
                if (plan.tiers().get(tier).contains(RestorePlanner.CRD)) {
                    run.awaitCrds(options);
                }
                if (plan.tiers().get(tier).contains("persistentvolumeclaims") && !volumes.isEmpty()) {
                    // the data goes in before any workload of a later tier can start on it
                    volumeResults = new VolumeRestorer(VolumeRestorer.Cluster.of(client), repository, options.volumeSources(),
                            options.restoreTargets(), log, listener).restore(volumes, spec::targetNamespace, run::restoredPvName,
                            new VolumeRestorer.Handled(run.createdClaims, run.restoredClaims, run.ownedVolumes), run::problem);
                }
            }
            if (preview == null) { // a dry run runs no restore action
                restoreBlueprints(spec, archive, repository, log, listener, p -> run.problem(true, p));
            }
        }
        transforms.report().forEach(r -> log.info(r.name() + ": matched " + r.matched() + ", changed " + r.changed()));
        transforms.unmatched().forEach(p -> run.problem(false, p));
        List<HookResult> hookResults = preview != null ? List.of() // a dry run execs nothing
                : run.hooks.runExecHooks(p -> run.problem(false, p), p -> run.problem(true, p));
        if (spec.waitReady() != null && preview == null) {
            awaitReady(spec, run, listener, log);
        }
        Outcome outcome = new Outcome(run.warnings, run.errors);
        Phase phase = run.errors.isEmpty() ? Phase.Completed : Phase.PartiallyFailed;
        Map<ItemOutcome, Long> counts = new EnumMap<>(ItemOutcome.class);
        run.counts.forEach((k, v) -> counts.put(k, v.get()));
        log.info("restore " + name + " " + phase + ": " + counts);
        return new RestoreRecord(name, spec, phase, started, options.clock().instant(), version, counts, outcome, null,
                volumeResults, transforms.report(), hookResults);
    }

    /** {@code --wait-ready}: what did not become ready in time is an error of the restore, naming it and why. */
    private void awaitReady(RestoreSpec spec, Run run, ProgressListener listener, RunLog log) {
        listener.step("waiting until " + run.waited.size() + " restored workloads and claims are ready");
        List<Problem> notReady = new ReadyWaiter(client).await(List.copyOf(run.waited), spec.waitReady());
        notReady.forEach(p -> run.problem(true, p));
        log.info((run.waited.size() - notReady.size()) + " of " + run.waited.size() + " restored workloads and claims ready");
    }

    /** Feeds the blueprint streams of the backup to the restored workloads' restore actions, once they run. */
    private void restoreBlueprints(RestoreSpec spec, ArchiveReader archive, LazyRepository repository, RunLog log,
                                   ProgressListener listener, java.util.function.Consumer<Problem> errors) {
        List<BlueprintArtifact> artifacts = BlueprintArtifact.read(archive);
        if (artifacts.isEmpty()) {
            return;
        }
        if (Boolean.FALSE.equals(spec.restoreVolumes())) {
            log.info("volume data is not restored (restoreVolumes: false), so neither are the " + artifacts.size() + " blueprint streams");
            return;
        }
        listener.step("running blueprint restore actions");
        NamespaceFilter namespaces = new NamespaceFilter(spec.includedNamespaces(), spec.excludedNamespaces());
        new BlueprintRestorer(client, repository, blueprints, log, BLUEPRINT_READY_TIMEOUT, options.clock())
                .restore(artifacts, namespaces::matches, spec::targetNamespace, errors);
    }

    /** How long a blueprint's restore action waits for a Ready pod of its restored workload. */
    static final java.time.Duration BLUEPRINT_READY_TIMEOUT = java.time.Duration.ofMinutes(5);

    /** Bytes of items read from the archive and not yet applied, at most (one larger item is let through alone). */
    static final int IN_FLIGHT_BYTES = 128 << 20;

    /** The mutable state of one restore run, shared by the apply threads. */
    private final class Run {
        final RestoreSpec spec;
        final RestorePlan plan;
        final ItemTransformer transformer;
        final RestoreApplier applier;
        final ItemWriter writer;
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

        /** @param preview null for a real restore, else the dry run's writer */
        Run(RestoreSpec spec, RestorePlan plan, RestoreApplier applier, ItemWriter preview, ProgressListener listener, RunLog log,
            Map<String, String> relocated, Transforms transforms) {
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
                    if (resources.contains(key.resource())) {
                        pool.execute(json.length, () -> one(key, json));
                    }
                });
            }
        }

        /** One item; whatever goes wrong with it is that item's error, never lost on a pool thread. */
        private void one(ItemKey key, byte[] json) {
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
            listener.itemDone();
        }

        void awaitCrds(EngineOptions options) {
            for (String crd : applier.awaitEstablished(restoredCrds, options.crdReadyTimeout())) {
                Problem p = new Problem(null, RestorePlanner.CRD, crd, "not Established after "
                        + options.crdReadyTimeout().toSeconds() + "s; its custom resources may fail");
                warnings.add(p);
                listener.problem(false, p);
            }
        }
    }

    /**
     * PVs whose data goes into a mapped namespace get their own name and directory (see ItemTransformer):
     * PV name → target namespace. Public for whoever checks a restore's result against its backup.
     */
    public static Map<String, String> relocations(RestoreSpec spec, List<VolumeBackup> volumes) {
        Map<String, String> relocated = new java.util.HashMap<>();
        for (VolumeBackup v : volumes) {
            String target = spec.targetNamespace(v.namespace());
            if (v.status() == VolumeBackup.Status.BackedUp && v.persistentVolume() != null && !target.equals(v.namespace())) {
                relocated.put(v.persistentVolume(), target);
            }
        }
        return relocated;
    }
}

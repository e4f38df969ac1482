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
import dev.arca.engine.ProgressListener;
import dev.arca.engine.RunLog;
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
 * Established before later tiers. The record and log go to {@code restores/<name>/} in the
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
                record = run(name, spec, listener, started, archive, log);
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

    private RestoreRecord run(String name, RestoreSpec spec, ProgressListener listener, Instant started,
                              ArchiveReader archive, RunLog log) {
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
        Run run = new Run(spec, plan, new RestoreApplier(client, spec.existingResourcePolicy(), spec.restoreStatus()), listener, log, relocated);
        run.markPending(volumes);
        RestorePlanner.unmatchedNamespaces(spec, resourceList).forEach(p -> run.problem(false, p));
        List<VolumeRestore> volumeResults = new ArrayList<>();
        try (LazyRepository repository = new LazyRepository(store)) {
            for (int tier = 0; tier < plan.tiers().size(); tier++) {
                listener.step("restoring tier " + (tier + 1) + " of " + plan.tiers().size());
                run.tier(archive, plan.tiers().get(tier));
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
        }
        Outcome outcome = new Outcome(run.warnings, run.errors);
        Phase phase = run.errors.isEmpty() ? Phase.Completed : Phase.PartiallyFailed;
        Map<ItemOutcome, Long> counts = new EnumMap<>(ItemOutcome.class);
        run.counts.forEach((k, v) -> counts.put(k, v.get()));
        log.info("restore " + name + " " + phase + ": " + counts);
        return new RestoreRecord(name, spec, phase, started, options.clock().instant(), version, counts, outcome, null,
                volumeResults);
    }

    /** Bytes of items read from the archive and not yet applied, at most (one larger item is let through alone). */
    static final int IN_FLIGHT_BYTES = 128 << 20;

    /** The mutable state of one restore run, shared by the apply threads. */
    private final class Run {
        final RestoreSpec spec;
        final RestorePlan plan;
        final ItemTransformer transformer;
        final RestoreApplier applier;
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

        Run(RestoreSpec spec, RestorePlan plan, RestoreApplier applier, ProgressListener listener, RunLog log,
            Map<String, String> relocated) {
            this.spec = spec;
            this.plan = plan;
            this.transformer = new ItemTransformer(spec, plan, relocated);
            this.applier = applier;
            this.listener = listener;
            this.log = log;
            this.relocated = relocated;
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
            if (d.item() == null) {
                record(key, target, ItemOutcome.skipped, d.skipped());
                return;
            }
            RestoreApplier.Applied applied = applier.apply(key, d.item(), pendingMark(key, target, d.item()));
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

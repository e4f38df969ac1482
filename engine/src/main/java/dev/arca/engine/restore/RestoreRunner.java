package dev.arca.engine.restore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.api.Outcome;
import dev.arca.api.Phase;
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
import dev.arca.engine.blueprint.Blueprints;
import dev.arca.engine.hooks.HookResult;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
                String why = e.getMessage() != null ? e.getMessage()
                        : e.getClass().getSimpleName() + " while restoring (no message; run with --verbose for the stack trace)";
                log.warn("restore " + name + " failed: " + why);
                record = new RestoreRecord(name, spec, Phase.Failed, started, options.clock().instant(), null,
                        null, null, why, null);
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
        List<BlueprintArtifact> artifacts = BlueprintArtifact.read(archive);
        RestoreRun run = new RestoreRun(client, options, spec, plan, applier, preview, listener, log, relocated, transforms, artifacts, actions);
        run.markPending(volumes);
        RestorePlanner.unmatchedNamespaces(spec, resourceList).forEach(p -> run.problem(false, p));
        RestoreEndSteps end = new RestoreEndSteps(client, blueprints, options.clock(), run);
        List<VolumeRestore> volumeResults = new ArrayList<>();
        try (LazyRepository repository = new LazyRepository(store)) {
            for (int tier = 0; tier < plan.tiers().size(); tier++) {
                listener.step("restoring tier " + (tier + 1) + " of " + plan.tiers().size());
                run.tier(archive, plan.tiers().get(tier));
                if (preview != null) {
                    continue; // a dry run creates no CRD to wait for and writes no volume data
                }
                if (plan.tiers().get(tier).contains(RestorePlanner.CRD)) {
                    run.awaitCrds();
                }
                if (plan.tiers().get(tier).contains("persistentvolumeclaims") && !volumes.isEmpty()) {
                    // the data goes in before any workload of a later tier can start on it
                    volumeResults = new VolumeRestorer(VolumeRestorer.Cluster.of(client), repository, options.volumeSources(),
                            options.restoreTargets(), log, listener).restore(volumes, spec::targetNamespace, run::restoredPvName,
                            new VolumeRestorer.Handled(run.createdClaims, run.restoredClaims, run.ownedVolumes), run::problem);
                }
            }
            if (preview == null) { // a dry run runs no restore action
                end.restoreBlueprints(artifacts, repository);
            }
        }
        transforms.report().forEach(r -> log.info(r.name() + ": matched " + r.matched() + ", changed " + r.changed()));
        transforms.unmatched().forEach(p -> run.problem(false, p));
        List<HookResult> hookResults = preview != null ? List.of() : end.runExecHooks(); // a dry run execs nothing
        if (spec.waitReady() != null && preview == null) {
            end.awaitReady();
        }
        Outcome outcome = new Outcome(run.warnings, run.errors);
        Phase phase = run.errors.isEmpty() ? Phase.Completed : Phase.PartiallyFailed;
        Map<ItemOutcome, Long> counts = new EnumMap<>(ItemOutcome.class);
        run.counts.forEach((k, v) -> counts.put(k, v.get()));
        log.info("restore " + name + " " + phase + ": " + counts);
        return new RestoreRecord(name, spec, phase, started, options.clock().instant(), version, counts, outcome, null,
                volumeResults, transforms.report(), hookResults);
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

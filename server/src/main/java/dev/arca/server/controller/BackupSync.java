package dev.arca.server.controller;

import dev.arca.api.BackupSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.LocationLayout;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupProgress;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.BackupStatus;
import dev.arca.server.resources.Resources;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Backup resources equal to a location's backups (the DR path: a second cluster whose
 * server points at the same location sees the first one's backups). A backup in the location with
 * no resource of its name gets one, annotated as synced, its status from the manifest; a finished
 * resource of this location whose backup is gone from it is deleted (annotated so that its
 * finalizer deletes nothing). Only new backups' manifests are read, so a sync with nothing changed
 * costs one listing. ReadOnly locations are synced the same way and never written.
 */
final class BackupSync {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSync.class);
    /** Backups made into resources at once by a sync. */
    static final int ADDERS = 8;
    private final ServerContext ctx;

    BackupSync(ServerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * @param inLocation the location's backup names ({@link LocationLayout#backupNames}), just listed
     * @param start      when that listing began: the sync's duration includes it
     */
    void sync(BackupLocation location, ObjectStore store, List<String> inLocation, Instant start) {
        String locationName = location.getMetadata().getName();
        List<Backup> resources = ctx.caches().backups();
        Set<String> named = new HashSet<>();
        resources.forEach(b -> named.add(b.getMetadata().getName()));
        List<String> missing = inLocation.stream().filter(name -> !named.contains(name)).toList();
        int added = addAll(location, store, missing);
        Set<String> present = new HashSet<>(inLocation);
        int removed = 0;
        for (Backup b : resources) {
            String name = b.getMetadata().getName();
            try {
                if (BackupReconciler.synced(b) && b.getStatus() == null && present.contains(name)) {
                    StatusPatch.patch(ctx.client(), b, statusFrom(store, name)); // a sync that died between create and status
                } else if (ofLocation(b, locationName) && gone(b) && !present.contains(name)
                        && !store.exists(LocationLayout.manifestKey(name))) { // not written just after the listing
                    remove(b, locationName);
                    removed++;
                }
            } catch (RuntimeException e) {
                LOG.warn("sync of backup {} with location {} skipped: {}", name, locationName, Messages.describe(e));
            }
        }
        if (added + removed > 0) {
            LOG.info("synced location {}: {} backups added, {} removed", locationName, added, removed);
        }
        ctx.observer().syncFinished(locationName, Duration.between(start, Instant.now()), added, removed);
    }

    /**
     * Makes the resources of {@code names}, {@value #ADDERS} at a time when there are many (a first
     * sync of a location with thousands of backups: each costs a manifest read, a create and a
     * status patch, which wait on the store and the API server rather than on this process).
     */
    private int addAll(BackupLocation location, ObjectStore store, List<String> names) {
        if (names.size() < 2) {
            return names.isEmpty() || !add(location, store, names.get(0)) ? 0 : 1;
        }
        AtomicInteger added = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(ADDERS, names.size()), r -> {
            Thread t = new Thread(r, "arca-sync-" + location.getMetadata().getName());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>(names.size());
            for (String name : names) {
                done.add(pool.submit(() -> {
                    if (add(location, store, name)) {
                        added.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.arca.api.ArcaException.Transient("sync of location " + location.getMetadata().getName()
                    + " was interrupted after adding " + added.get() + " backups", e);
        } catch (ExecutionException e) { // add() catches what one backup throws, so this is an Error
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("sync of location " + location.getMetadata().getName() + " failed: "
                    + Messages.describe(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return added.get();
    }

    private static boolean ofLocation(Backup b, String location) {
        Map<String, String> labels = b.getMetadata().getLabels();
        return labels != null && location.equals(labels.get(Resources.LOCATION_LABEL));
    }

    /** A finished backup that had a manifest; a run that failed before writing one is not expected in the location. */
    private static boolean gone(Backup b) {
        BackupPhase phase = b.getStatus() == null ? null : b.getStatus().getPhase();
        boolean synced = b.getMetadata().getAnnotations() != null
                && b.getMetadata().getAnnotations().containsKey(BackupReconciler.SYNCED_ANNOTATION);
        return b.getMetadata().getDeletionTimestamp() == null && (phase == BackupPhase.Completed
                || phase == BackupPhase.PartiallyFailed || (synced && phase == BackupPhase.Failed));
    }

    private BackupStatus statusFrom(ObjectStore store, String name) {
        try (ArchiveReader reader = ArchiveReader.open(store, name)) {
            return status(reader.manifest());
        }
    }

    /** One backup of the location becomes a resource; a backup that cannot (unreadable, refused) is skipped, not the sync. */
    private boolean add(BackupLocation location, ObjectStore store, String name) {
        try {
            return create(location, store, name);
        } catch (RuntimeException e) {
            LOG.warn("backup {} in location {} is not synced: {}", name, location.getMetadata().getName(), Messages.describe(e));
            return false;
        }
    }

    private boolean create(BackupLocation location, ObjectStore store, String name) {
        BackupManifest manifest;
        try (ArchiveReader reader = ArchiveReader.open(store, name)) {
            manifest = reader.manifest();
        }
        Backup backup = new Backup();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Resources.LOCATION_LABEL, location.getMetadata().getName());
        if (manifest.spec().schedule() != null) {
            labels.put(Resources.SCHEDULE_LABEL, manifest.spec().schedule());
        }
        backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ctx.namespace()).withLabels(labels)
                .withAnnotations(Map.of(BackupReconciler.SYNCED_ANNOTATION, "true")).build());
        backup.setSpec(spec(manifest.spec(), location.getMetadata().getName()));
        Backup created;
        try {
            created = ctx.client().resource(backup).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
        StatusPatch.patch(ctx.client(), created, status(manifest));
        return true;
    }

    private void remove(Backup b, String location) {
        ctx.client().resources(Backup.class).inNamespace(b.getMetadata().getNamespace()).withName(b.getMetadata().getName())
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"" + BackupReconciler.GONE_ANNOTATION + "\":\"true\"}}}");
        ctx.events().normal(b, "GoneFromLocation", "backup is no longer in location " + location + "; removing this resource");
        ctx.client().resources(Backup.class).inNamespace(b.getMetadata().getNamespace()).withName(b.getMetadata().getName()).delete();
    }

    private static BackupResourceSpec spec(BackupSpec s, String location) {
        BackupResourceSpec spec = new BackupResourceSpec();
        spec.setIncludedNamespaces(s.includedNamespaces().isEmpty() ? null : s.includedNamespaces());
        spec.setExcludedNamespaces(s.excludedNamespaces().isEmpty() ? null : s.excludedNamespaces());
        spec.setIncludedResources(s.includedResources().isEmpty() ? null : s.includedResources());
        spec.setExcludedResources(s.excludedResources().isEmpty() ? null : s.excludedResources());
        spec.setIncludeClusterResources(s.includeClusterResources());
        spec.setLabelSelector(s.labelSelector());
        spec.setOrLabelSelectors(s.orLabelSelectors().isEmpty() ? null : s.orLabelSelectors());
        spec.setStorageLocation(location);
        spec.setSchedule(s.schedule());
        return spec;
    }

    static BackupStatus status(BackupManifest m) {
        BackupStatus status = new BackupStatus();
        status.setPhase(switch (m.phase()) {
            case Completed -> BackupPhase.Completed;
            case PartiallyFailed -> BackupPhase.PartiallyFailed;
            case Failed -> BackupPhase.Failed;
            case New, InProgress -> BackupPhase.InProgress;
        });
        status.setStartTimestamp(StatusPatch.time(m.started()));
        status.setCompletionTimestamp(StatusPatch.time(m.completed()));
        status.setExpiration(StatusPatch.time(m.expires()));
        status.setErrors(m.outcome().errors().size());
        status.setWarnings(m.outcome().warnings().size());
        BackupProgress progress = new BackupProgress();
        progress.setItemsBackedUp((int) Math.min(Integer.MAX_VALUE, m.itemCount()));
        progress.setTotalItems(progress.getItemsBackedUp());
        status.setProgress(progress);
        return status;
    }
}

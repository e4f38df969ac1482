package dev.arca.engine.volume;

import dev.arca.api.ArcaException;
import dev.arca.api.Problem;
import dev.arca.engine.ClusterAccess;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.RunLog;
import dev.arca.repository.Repository;
import dev.arca.repository.RestoreSummary;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Writes backed-up volume data into the restored PVs, after the PVs and claims are restored and
 * before any workload is. Only into a PV this restore created (or freed for the restored claim)
 * and bound to that claim, at a path {@link RestoreTargets} allows: an archive cannot make it
 * write over a live volume or the host. A claim that already existed keeps what it holds (a
 * warning says so), as Velero does, unless it carries {@link #PENDING}: then an earlier restore of
 * the same snapshot created it and was interrupted, and this one finishes the job.
 */
public final class VolumeRestorer {
    /**
     * Set on a claim and its PV when a restore creates them, to the snapshot their data comes
     * from; removed once the data is in. Never taken from an archive (the restore strips it).
     */
    public static final String PENDING = "restore.arca.dev/volume-data-pending";
    private final Cluster cluster;
    private final Supplier<Repository> repository;
    private final List<VolumeSource> sources;
    private final RestoreTargets targets;
    private final RunLog log;
    private final ProgressListener listener;

    /** The cluster access the restorer needs. */
    public interface Cluster {
        /** The PV, or null when absent. */
        PersistentVolume volume(String name);

        /** The claim, or null when absent. */
        PersistentVolumeClaim claim(String namespace, String name);

        /** Removes {@link #PENDING} from the claim (namespace non-null) or the PV. */
        void clearPending(String namespace, String name);

        /** Whether a pod of the namespace mounts the claim: then its volume is in use and never written. */
        boolean mounted(String namespace, String claim);

        /** Every PV of the cluster. */
        List<PersistentVolume> volumes();

        static Cluster of(KubernetesClient client) {
            dev.arca.engine.KubeRetry retry = new dev.arca.engine.KubeRetry(org.slf4j.LoggerFactory.getLogger(VolumeRestorer.class)::warn);
            return new Cluster() {
                @Override
                public PersistentVolume volume(String name) {
                    return ClusterAccess.call(client, () -> client.persistentVolumes().withName(name).get());
                }

                @Override
                public PersistentVolumeClaim claim(String namespace, String name) {
                    return ClusterAccess.call(client, () -> client.persistentVolumeClaims().inNamespace(namespace).withName(name).get());
                }

                @Override
                public void clearPending(String namespace, String name) {
                    String patch = "{\"metadata\":{\"annotations\":{\"" + PENDING + "\":null}}}";
                    PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
                    retry.call("remove " + PENDING + " from " + (namespace == null ? "PV " + name : "claim " + namespace + "/" + name),
                            () -> namespace == null
                                    ? client.persistentVolumes().withName(name).patch(merge, patch)
                                    : client.persistentVolumeClaims().inNamespace(namespace).withName(name).patch(merge, patch));
                }

                @Override
                public List<PersistentVolume> volumes() {
                    return retry.call("list the PVs", () -> client.persistentVolumes().list()).getItems();
                }

                @Override
                public boolean mounted(String namespace, String claim) {
                    return retry.call("list the pods of " + namespace, () -> client.pods().inNamespace(namespace).list()).getItems().stream()
                            .filter(p -> p.getSpec() != null && p.getSpec().getVolumes() != null)
                            .flatMap(p -> p.getSpec().getVolumes().stream())
                            .anyMatch(v -> v.getPersistentVolumeClaim() != null && claim.equals(v.getPersistentVolumeClaim().getClaimName()));
                }
            };
        }
    }

    /**
     * What the restore did to the claims and PVs before their data.
     *
     * @param created  {@code namespace/claim} of the claims this restore created
     * @param restored {@code namespace/claim} of every claim this restore handled (created or existing)
     * @param owned    PVs this restore created, or freed for their restored claim
     */
    public record Handled(Set<String> created, Set<String> restored, Set<String> owned) {
    }

    public VolumeRestorer(Cluster cluster, Supplier<Repository> repository, List<VolumeSource> sources, RestoreTargets targets,
                          RunLog log, ProgressListener listener) {
        this.cluster = cluster;
        this.repository = repository;
        this.sources = List.copyOf(sources);
        this.targets = targets;
        this.log = log;
        this.listener = listener;
    }

    /**
     * @param volumes         what the backup holds
     * @param targetNamespace maps a backed-up namespace to the restore's
     * @param pvName          maps a backed-up PV name to the restored one (relocation)
     * @param problem         receives (isError, problem)
     */
    public List<VolumeRestore> restore(List<VolumeBackup> volumes, UnaryOperator<String> targetNamespace, UnaryOperator<String> pvName,
                                       Handled handled, BiConsumer<Boolean, Problem> problem) {
        List<VolumeRestore> results = new ArrayList<>();
        // every PV exists by now (their tier came first): listed once, when a volume is first written
        List<PersistentVolume> cached = new ArrayList<>();
        Supplier<List<PersistentVolume>> allVolumes = () -> {
            if (cached.isEmpty()) {
                cached.addAll(cluster.volumes());
            }
            return cached;
        };
        for (VolumeBackup v : volumes) {
            if (v.status() != VolumeBackup.Status.BackedUp || v.snapshot() == null) {
                continue;
            }
            String ns = targetNamespace.apply(v.namespace());
            String key = ns + "/" + v.claim();
            if (!handled.restored().contains(key)) {
                continue; // filtered out of this restore
            }
            String pv = pvName.apply(v.persistentVolume());
            boolean resumed = !handled.created().contains(key) && pending(cluster.claim(ns, v.claim()), v)
                    && !cluster.mounted(ns, v.claim());
            if (!handled.created().contains(key) && !resumed) {
                String why = "the claim existed before this restore; its data was left as it is";
                problem.accept(false, new Problem(ns, "persistentvolumeclaims", v.claim(), "volume data not restored: " + why));
                results.add(new VolumeRestore(ns, v.claim(), pv, null, v.snapshot().id(), 0, 0, VolumeRestore.Status.Skipped, why));
                continue;
            }
            if (resumed) {
                log.info("volume data of " + key + " was pending from an interrupted restore of snapshot " + v.snapshot().id()
                        + "; restoring it now");
            }
            results.add(restoreOne(v, ns, pv, resumed || handled.owned().contains(pv), resumed, allVolumes, problem));
        }
        return results;
    }

    private static boolean pending(HasMetadata object, VolumeBackup v) {
        return object != null && object.getMetadata().getAnnotations() != null
                && v.snapshot().id().equals(object.getMetadata().getAnnotations().get(PENDING));
    }

    private VolumeRestore restoreOne(VolumeBackup v, String ns, String pvName, boolean owned, boolean resumed,
                                     Supplier<List<PersistentVolume>> allVolumes,
                                     BiConsumer<Boolean, Problem> problem) {
        listener.step("restoring volume " + ns + "/" + v.claim());
        try {
            PersistentVolume pv = cluster.volume(pvName);
            if (pv == null) {
                throw new ArcaException.NotFound("PersistentVolume " + pvName + " was not restored");
            }
            checkOwned(pv, v, ns, owned && (!resumed || pending(pv, v)));
            Optional<VolumeSource.Mounted> local = LocalPathVolumeSource.path(pv);
            if (local.isPresent()) {
                targets.check(local.get().root(), pvName); // before a source creates the directory
                refuseOverlap(local.get().root(), pvName, allVolumes.get());
            }
            try (VolumeSource.Mounted target = mount(pv)) {
                if (target == null) {
                    throw new ArcaException("no volume source here can write into a " + PodVolumesDirSource.describeType(pv)
                            + " volume (PV " + pvName + "); only hostPath and local volumes are restored in place");
                }
                targets.check(target.root(), pvName);
                RestoreSummary done = repository.get().restore(v.snapshot().id(), target.root());
                log.info("volume data of " + ns + "/" + v.claim() + " restored into " + target.description() + ": "
                        + done.files() + " files, " + done.bytes() + " bytes");
                clearPending(ns, v.claim(), pvName, problem);
                return new VolumeRestore(ns, v.claim(), pvName, target.description(), v.snapshot().id(), done.files(), done.bytes(),
                        VolumeRestore.Status.Restored, null);
            }
        } catch (ArcaException | KubernetesClientException | IllegalArgumentException e) {
            String why = e instanceof ArcaException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            problem.accept(true, new Problem(ns, "persistentvolumeclaims", v.claim(), "volume data not restored: " + why));
            return new VolumeRestore(ns, v.claim(), pvName, null, v.snapshot().id(), 0, 0, VolumeRestore.Status.Failed, why);
        }
    }

    /**
     * Refuses a directory that is, holds or lies inside another PV's: an archive's new PV must not
     * point the restore at a live volume's data.
     */
    private static void refuseOverlap(java.nio.file.Path target, String pvName, List<PersistentVolume> all) {
        java.nio.file.Path mine = target.toAbsolutePath().normalize();
        for (PersistentVolume other : all) {
            if (other.getMetadata() == null || pvName.equals(other.getMetadata().getName())) {
                continue;
            }
            Optional<VolumeSource.Mounted> theirs = LocalPathVolumeSource.path(other);
            if (theirs.isPresent()) {
                java.nio.file.Path path = theirs.get().root().toAbsolutePath().normalize();
                if (path.startsWith(mine) || mine.startsWith(path)) {
                    throw new ArcaException.InvalidInput("PersistentVolume " + pvName + " points at " + mine + ", which overlaps "
                            + path + " of PersistentVolume " + other.getMetadata().getName() + "; its data is not written there");
                }
            }
        }
    }

    /** Refuses a PV this restore did not make or free, or one bound to another claim. */
    private static void checkOwned(PersistentVolume pv, VolumeBackup v, String ns, boolean owned) {
        String name = pv.getMetadata().getName();
        if (!owned) {
            throw new ArcaException.InvalidInput("PersistentVolume " + name + " existed before this restore and was not freed for"
                    + " the restored claim; its data is not overwritten (delete it, or restore into another namespace)");
        }
        ObjectReference ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
        if (ref == null || !ns.equals(ref.getNamespace()) || !v.claim().equals(ref.getName())) {
            throw new ArcaException.InvalidInput("PersistentVolume " + name + " is not bound to the restored claim " + ns + "/"
                    + v.claim() + (ref == null ? "" : " but to " + ref.getNamespace() + "/" + ref.getName()) + "; its data is not written");
        }
    }

    /**
     * Removes the marks once the data is in. A mark left behind would let a later restore of the
     * same backup write the volume again, so failing to remove it is an error that says what to do.
     */
    private void clearPending(String ns, String claim, String pv, BiConsumer<Boolean, Problem> problem) {
        try {
            cluster.clearPending(ns, claim);
            cluster.clearPending(null, pv);
        } catch (KubernetesClientException | ArcaException e) {
            problem.accept(true, new Problem(ns, "persistentvolumeclaims", claim, "volume data restored, but the " + PENDING
                    + " annotation could not be removed (" + e.getMessage() + "); remove it from the claim and PV " + pv
                    + " with 'kubectl annotate', or a later restore of this backup would write the volume again"));
        }
    }

    private VolumeSource.Mounted mount(PersistentVolume pv) {
        for (VolumeSource source : sources) {
            Optional<VolumeSource.Mounted> found = source.forRestore(pv);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return null;
    }
}

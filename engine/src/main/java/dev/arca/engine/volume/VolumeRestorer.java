package dev.arca.engine.volume;

import dev.arca.api.ArcaException;
import dev.arca.api.Problem;
import dev.arca.engine.ClusterAccess;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.RunLog;
import dev.arca.repository.Repository;
import dev.arca.repository.RestoreSummary;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Writes backed-up volume data into the restored PVs, after the PVs and claims are restored and
 * before any workload is: a claim this restore created gets its data; a claim that already existed
 * keeps what it holds (a warning says so), as Velero does.
 */
public final class VolumeRestorer {
    private final PersistentVolumes volumes;
    private final Supplier<Repository> repository;
    private final List<VolumeSource> sources;
    private final RunLog log;
    private final ProgressListener listener;

    /** The cluster access the restorer needs: the restored PV by name (null when absent). */
    @FunctionalInterface
    public interface PersistentVolumes {
        PersistentVolume get(String name);

        static PersistentVolumes of(io.fabric8.kubernetes.client.KubernetesClient client) {
            return name -> ClusterAccess.call(client, () -> client.persistentVolumes().withName(name).get());
        }
    }

    public VolumeRestorer(PersistentVolumes volumes, Supplier<Repository> repository, List<VolumeSource> sources, RunLog log,
                          ProgressListener listener) {
        this.volumes = volumes;
        this.repository = repository;
        this.sources = List.copyOf(sources);
        this.log = log;
        this.listener = listener;
    }

    /**
     * @param volumes         what the backup holds
     * @param targetNamespace maps a backed-up namespace to the restore's
     * @param pvName          maps a backed-up PV name to the restored one (relocation)
     * @param created         {@code namespace/claim} of the claims this restore created
     * @param restored        {@code namespace/claim} of every claim this restore handled (created or existing)
     * @param problem         receives (isError, problem)
     */
    public List<VolumeRestore> restore(List<VolumeBackup> volumes, UnaryOperator<String> targetNamespace, UnaryOperator<String> pvName,
                                       Set<String> created, Set<String> restored, BiConsumer<Boolean, Problem> problem) {
        List<VolumeRestore> results = new ArrayList<>();
        for (VolumeBackup v : volumes) {
            if (v.status() != VolumeBackup.Status.BackedUp || v.snapshot() == null) {
                continue;
            }
            String ns = targetNamespace.apply(v.namespace());
            String key = ns + "/" + v.claim();
            if (!restored.contains(key)) {
                continue; // filtered out of this restore
            }
            String pv = pvName.apply(v.persistentVolume());
            if (!created.contains(key)) {
                String why = "the claim existed before this restore; its data was left as it is";
                problem.accept(false, new Problem(ns, "persistentvolumeclaims", v.claim(), "volume data not restored: " + why));
                results.add(new VolumeRestore(ns, v.claim(), pv, null, v.snapshot().id(), 0, 0, VolumeRestore.Status.Skipped, why));
                continue;
            }
            results.add(restoreOne(v, ns, pv, problem));
        }
        return results;
    }

    private VolumeRestore restoreOne(VolumeBackup v, String ns, String pvName, BiConsumer<Boolean, Problem> problem) {
        listener.step("restoring volume " + ns + "/" + v.claim());
        try {
            PersistentVolume pv = volumes.get(pvName);
            if (pv == null) {
                throw new ArcaException.NotFound("PersistentVolume " + pvName + " was not restored");
            }
            try (VolumeSource.Mounted target = mount(pv)) {
                if (target == null) {
                    throw new ArcaException("no volume source here can write into a " + PodVolumesDirSource.describeType(pv)
                            + " volume (PV " + pvName + "); only hostPath and local volumes are restored in place");
                }
                RestoreSummary done = repository.get().restore(v.snapshot().id(), target.root());
                log.info("volume data of " + ns + "/" + v.claim() + " restored into " + target.description() + ": "
                        + done.files() + " files, " + done.bytes() + " bytes");
                return new VolumeRestore(ns, v.claim(), pvName, target.description(), v.snapshot().id(), done.files(), done.bytes(),
                        VolumeRestore.Status.Restored, null);
            }
        } catch (ArcaException e) {
            problem.accept(true, new Problem(ns, "persistentvolumeclaims", v.claim(), "volume data not restored: " + e.getMessage()));
            return new VolumeRestore(ns, v.claim(), pvName, null, v.snapshot().id(), 0, 0, VolumeRestore.Status.Failed, e.getMessage());
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

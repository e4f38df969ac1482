package dev.arca.engine.volume;

import dev.arca.api.ArcaException;
import dev.arca.api.Problem;
import dev.arca.api.VolumePolicy;
import dev.arca.engine.KubeRetry;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.RunLog;
import dev.arca.repository.Repository;
import dev.arca.repository.SnapshotSummary;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Backs up the data of the claims a backup's pods mount: decides per claim (volume policy first,
 * then the pods' annotations and the default), finds the bound PV's files through the first
 * {@link VolumeSource} that reaches them, and snapshots them into the location's repository,
 * incrementally against the claim's previous snapshot. A volume that cannot be read, or whose claim
 * or PersistentVolume the API server does not return after the retries, is an error of that claim
 * (PartiallyFailed), never an abort.
 */
public final class VolumeBackupper {
    private final KubernetesClient client;
    private final Supplier<Repository> repository;
    private final List<VolumeSource> sources;
    private final KubeRetry retry;
    private final RunLog log;
    private final ProgressListener listener;

    /** @param retry how the reads of claims and volumes are retried when the API server fails transiently */
    public VolumeBackupper(KubernetesClient client, Supplier<Repository> repository, List<VolumeSource> sources, KubeRetry retry,
                           RunLog log, ProgressListener listener) {
        this.client = client;
        this.repository = repository;
        this.sources = List.copyOf(sources);
        this.retry = retry;
        this.log = log;
        this.listener = listener;
    }

    public List<VolumeBackup> backUp(String backupName, VolumePolicy policy, List<PodVolumes.Claim> claims, Consumer<Problem> errors) {
        List<VolumeBackup> results = new ArrayList<>();
        for (PodVolumes.Claim claim : claims) {
            VolumeBackup result;
            try {
                result = backUp(backupName, policy, claim, errors);
            } catch (KubernetesClientException e) {
                result = failed(claim, null, null, claim.uses().stream().map(u -> u.pod() + "/" + u.volume()).toList(),
                        "the claim or its volume could not be read from the API server (" + KubeRetry.describe(e) + ")", null);
            }
            results.add(result);
            switch (result.status()) {
                case Failed -> errors.accept(new Problem(claim.namespace(), "persistentvolumeclaims", claim.name(),
                        "volume data not backed up: " + result.reason()));
                case Skipped -> log.info("volume data of " + claim.key() + " skipped: " + result.reason());
                case BackedUp -> log.info("volume data of " + claim.key() + " backed up from " + result.source() + ": "
                        + result.snapshot().files() + " files, " + result.snapshot().bytesRead() + " bytes read, "
                        + result.snapshot().bytesNew() + " new, " + result.snapshot().bytesStored() + " stored");
            }
        }
        return results;
    }

    /** One claim; files of it that cannot be read go to {@code errors} (the volume is still backed up without them). */
    private VolumeBackup backUp(String backupName, VolumePolicy policy, PodVolumes.Claim claim, Consumer<Problem> errors) {
        List<String> pods = claim.uses().stream().map(u -> u.pod() + "/" + u.volume()).toList();
        PersistentVolumeClaim pvc = retry.call("get persistentvolumeclaim " + claim.key(),
                () -> client.persistentVolumeClaims().inNamespace(claim.namespace()).withName(claim.name()).get());
        if (pvc == null) {
            return new VolumeBackup(claim.namespace(), claim.name(), null, null, pods, VolumeBackup.Status.Failed,
                    "the claim is gone", null, null);
        }
        String storageClass = pvc.getSpec().getStorageClassName();
        Quantity requested = pvc.getSpec().getResources() == null || pvc.getSpec().getResources().getRequests() == null ? null
                : pvc.getSpec().getResources().getRequests().get("storage");
        Optional<VolumePolicy.Action> decided = VolumePolicies.decide(policy, storageClass, requested);
        String pvName = pvc.getSpec().getVolumeName();
        if (decided.isPresent() && decided.get() == VolumePolicy.Action.skip) {
            return skipped(claim, pvName, storageClass, pods, "the volume policy skips it");
        }
        if (decided.isEmpty() && !claim.wanted()) {
            return skipped(claim, pvName, storageClass, pods, "no pod asks for it (annotate the pod with "
                    + PodVolumes.VOLUMES + "=<volume> or back up with --default-volumes-to-fs-backup)");
        }
        if (pvName == null || pvName.isEmpty()) {
            return skipped(claim, null, storageClass, pods, "the claim is not bound to a volume");
        }
        PersistentVolume pv = retry.call("get persistentvolume " + pvName, () -> client.persistentVolumes().withName(pvName).get());
        if (pv == null) {
            return failed(claim, pvName, storageClass, pods, "its PersistentVolume " + pvName + " is gone", null);
        }
        listener.step("backing up volume " + claim.key());
        try (VolumeSource.Mounted mounted = mount(pv, claim)) {
            if (mounted == null) {
                return failed(claim, pvName, storageClass, pods, "no volume source here can read a " + PodVolumesDirSource.describeType(pv)
                        + " volume (PV " + pvName + "): hostPath and local volumes are read in place, others under the kubelet's pod"
                        + " volume directory (--pod-volumes-root)", null);
            }
            SnapshotSummary snapshot = repository.get().backup(mounted.root(), claim.key(), backupName,
                    Map.of("persistentVolume", pvName, "source", mounted.description()));
            for (String warning : snapshot.warnings()) {
                log.warn("volume " + claim.key() + ": " + warning);
            }
            for (String error : snapshot.errors()) {
                errors.accept(new Problem(claim.namespace(), "persistentvolumeclaims", claim.name(),
                        "volume file not backed up: " + error));
            }
            return new VolumeBackup(claim.namespace(), claim.name(), pvName, storageClass, pods, VolumeBackup.Status.BackedUp,
                    decided.isPresent() ? "the volume policy asks for it" : "a pod asks for it", mounted.description(), snapshot);
        } catch (ArcaException e) {
            return failed(claim, pvName, storageClass, pods, e.getMessage(), null);
        }
    }

    private VolumeSource.Mounted mount(PersistentVolume pv, PodVolumes.Claim claim) {
        for (VolumeSource source : sources) {
            Optional<VolumeSource.Mounted> found = source.forBackup(pv, claim.uses());
            if (found.isPresent()) {
                return found.get();
            }
        }
        return null;
    }

    private static VolumeBackup skipped(PodVolumes.Claim c, String pv, String sc, List<String> pods, String why) {
        return new VolumeBackup(c.namespace(), c.name(), pv, sc, pods, VolumeBackup.Status.Skipped, why, null, null);
    }

    private static VolumeBackup failed(PodVolumes.Claim c, String pv, String sc, List<String> pods, String why, String source) {
        return new VolumeBackup(c.namespace(), c.name(), pv, sc, pods, VolumeBackup.Status.Failed, why, source, null);
    }
}

package dev.arca.engine.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Any mounted volume, read where the kubelet mounts it for a pod:
 * {@code <root>/<pod uid>/volumes/kubernetes.io~<plugin>/<pv name>} (CSI volumes one level
 * deeper, in {@code mount}). The root is {@code /var/lib/kubelet/pods} on a node and is
 * configurable for node agents that see the host's directory elsewhere. Backup only: a restored
 * volume has no pod yet, so writing into it needs a data-mover pod (not done here).
 */
public final class PodVolumesDirSource implements VolumeSource {
    private final Path root;

    public PodVolumesDirSource(Path root) {
        this.root = root;
    }

    @Override
    public Optional<Mounted> forBackup(PersistentVolume pv, List<PodVolumes.PodVolume> uses) {
        String plugin = plugin(pv);
        for (PodVolumes.PodVolume use : uses) {
            if (use.podUid() == null) {
                continue;
            }
            Path dir = root.resolve(use.podUid()).resolve("volumes").resolve("kubernetes.io~" + plugin).resolve(pv.getMetadata().getName());
            if (plugin.equals("csi")) {
                dir = dir.resolve("mount");
            }
            if (Files.isDirectory(dir)) {
                return Optional.of(new Directory(dir, "pod " + use.pod() + " volume " + use.volume() + " at " + dir));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Mounted> forRestore(PersistentVolume restoredPv) {
        return Optional.empty();
    }

    /** The kubelet's plugin directory name for the PV's type. */
    static String plugin(PersistentVolume pv) {
        var s = pv.getSpec();
        if (s == null) {
            return "unknown";
        }
        if (s.getCsi() != null) {
            return "csi";
        }
        if (s.getNfs() != null) {
            return "nfs";
        }
        if (s.getAwsElasticBlockStore() != null) {
            return "aws-ebs";
        }
        if (s.getGcePersistentDisk() != null) {
            return "gce-pd";
        }
        if (s.getAzureDisk() != null) {
            return "azure-disk";
        }
        if (s.getIscsi() != null) {
            return "iscsi";
        }
        if (s.getFc() != null) {
            return "fc";
        }
        return "unknown";
    }

    /** The plugin a PV uses, for messages. */
    static String describeType(PersistentVolume pv) {
        String plugin = plugin(pv);
        if (!plugin.equals("unknown")) {
            return plugin;
        }
        if (pv.getSpec() != null && pv.getSpec().getHostPath() != null) {
            return "hostPath";
        }
        return pv.getSpec() != null && pv.getSpec().getLocal() != null ? "local" : "unknown";
    }
}

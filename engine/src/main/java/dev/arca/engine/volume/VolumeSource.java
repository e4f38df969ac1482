package dev.arca.engine.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a volume's files can be reached from the process running Arca. The seam between choosing
 * volumes and moving their data: this one reads directories on the node (hostPath and local
 * volumes, or the kubelet's pod volume directories); a CSI snapshot source would create a
 * snapshot, mount it in a data-mover pod and hand back that mount.
 *
 * <p>Contract: {@code forBackup} and {@code forRestore} return empty when this source cannot reach
 * this kind of volume (another source may), and throw {@link dev.arca.api.ArcaException} when it
 * should but cannot (the directory is missing). The returned {@link Mounted} is closed when the
 * data has moved, releasing whatever the source set up.
 */
public interface VolumeSource {

    /** The files of a bound volume, to back up. */
    Optional<Mounted> forBackup(PersistentVolume pv, List<PodVolumes.PodVolume> uses);

    /** The directory to restore a volume's files into: the restored PV's own storage. */
    Optional<Mounted> forRestore(PersistentVolume restoredPv);

    /** A reachable volume: its root directory and a description for logs ("hostPath /srv/data"). */
    interface Mounted extends AutoCloseable {
        Path root();

        String description();

        @Override
        default void close() {
        }
    }

    /** A mount that needs no release. */
    record Directory(Path root, String description) implements Mounted {
    }
}

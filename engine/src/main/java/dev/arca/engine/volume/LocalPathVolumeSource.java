package dev.arca.engine.volume;

import dev.arca.api.ArcaException;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * hostPath and local volumes: their data is a directory named in the PV itself, read and written
 * in place. Works when Arca runs on the node that holds the directory (a single-node cluster, a
 * node agent, or the local control plane of the tests).
 */
public final class LocalPathVolumeSource implements VolumeSource {

    @Override
    public Optional<Mounted> forBackup(PersistentVolume pv, List<PodVolumes.PodVolume> uses) {
        return path(pv).map(p -> {
            if (!Files.isDirectory(p.root())) {
                throw new ArcaException.NotFound("the data directory " + p.root() + " of PersistentVolume " + pv.getMetadata().getName()
                        + " does not exist here; run arca on the node that holds it");
            }
            return p;
        });
    }

    @Override
    public Optional<Mounted> forRestore(PersistentVolume restoredPv) {
        return path(restoredPv).map(p -> {
            try {
                Files.createDirectories(p.root());
            } catch (IOException e) {
                throw new ArcaException("cannot create the data directory " + p.root() + " of PersistentVolume "
                        + restoredPv.getMetadata().getName() + ": " + e.getMessage(), e);
            }
            return p;
        });
    }

    /** The directory a hostPath or local PV names. */
    static Optional<Mounted> path(PersistentVolume pv) {
        if (pv.getSpec() == null) {
            return Optional.empty();
        }
        if (pv.getSpec().getHostPath() != null && pv.getSpec().getHostPath().getPath() != null) {
            return Optional.of(new Directory(Path.of(pv.getSpec().getHostPath().getPath()), "hostPath " + pv.getSpec().getHostPath().getPath()));
        }
        if (pv.getSpec().getLocal() != null && pv.getSpec().getLocal().getPath() != null) {
            return Optional.of(new Directory(Path.of(pv.getSpec().getLocal().getPath()), "local " + pv.getSpec().getLocal().getPath()));
        }
        return Optional.empty();
    }
}

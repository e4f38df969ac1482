package dev.arca.engine;

import dev.arca.api.ArcaException;
import dev.arca.engine.volume.LocalPathVolumeSource;
import dev.arca.engine.volume.PodVolumesDirSource;
import dev.arca.engine.volume.RestoreTargets;
import dev.arca.engine.volume.VolumeSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Tuning shared by backup and restore.
 *
 * @param parallelism      types listed at once (backup), items applied at once (restore)
 * @param pageSize         items in the first LIST page of each type, and the fewest in any later one
 *                         (later pages ask for about 8 MiB of items: {@code backup.PageSizer})
 * @param crdReadyTimeout  how long a restore waits for a CRD to be Established
 * @param clock            time source for timestamps
 * @param podVolumesRoot   where the kubelet mounts pod volumes on this machine ({@code /var/lib/kubelet/pods})
 * @param restoreTargets   where a volume restore may write
 */
public record EngineOptions(int parallelism, int pageSize, Duration crdReadyTimeout, Clock clock, Path podVolumesRoot,
                            RestoreTargets restoreTargets) {
    public EngineOptions {
        if (parallelism < 1 || parallelism > 256) {
            throw new ArcaException.InvalidInput("--parallelism must be between 1 and 256, got " + parallelism);
        }
        if (pageSize < 1) {
            throw new ArcaException.InvalidInput("--page-size must be at least 1 item, got " + pageSize);
        }
    }

    public static EngineOptions defaults() {
        return new EngineOptions(8, 500, Duration.ofSeconds(60), Clock.systemUTC(), Path.of("/var/lib/kubelet/pods"),
                RestoreTargets.anywhereButTheSystem());
    }

    public EngineOptions withParallelism(int p) {
        return new EngineOptions(p, pageSize, crdReadyTimeout, clock, podVolumesRoot, restoreTargets);
    }

    public EngineOptions withPageSize(int size) {
        return new EngineOptions(parallelism, size, crdReadyTimeout, clock, podVolumesRoot, restoreTargets);
    }

    public EngineOptions withPodVolumesRoot(Path root) {
        return new EngineOptions(parallelism, pageSize, crdReadyTimeout, clock, root, restoreTargets);
    }

    /** Volume restores write only under {@code roots} (resolved); empty: anywhere but the system's directories. */
    public EngineOptions withVolumeRestoreRoots(List<Path> roots) {
        return new EngineOptions(parallelism, pageSize, crdReadyTimeout, clock, podVolumesRoot, new RestoreTargets(roots));
    }

    /** Where volume data is read from and written to, tried in order: the PV's own directory, then the kubelet's. */
    public List<VolumeSource> volumeSources() {
        return List.of(new LocalPathVolumeSource(), new PodVolumesDirSource(podVolumesRoot));
    }
}

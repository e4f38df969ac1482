package dev.arca.engine.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arca.api.ArcaException;
import dev.arca.archive.ArchiveJson;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.LocationLayout;
import dev.arca.repository.SnapshotSummary;
import java.util.List;

/**
 * One claim's volume data in a backup, as {@code volumes.json} records it.
 *
 * @param namespace        the claim's namespace
 * @param claim            the PersistentVolumeClaim's name
 * @param persistentVolume the bound PV's name, or null when unbound
 * @param storageClass     the claim's storage class, or null
 * @param pods             the pods that mount it ({@code pod/volume})
 * @param status           what happened: {@link Status}
 * @param reason           why it was skipped or failed, or how it was chosen
 * @param source           where the data was read ("hostPath /srv/data"), or null
 * @param snapshot         the repository snapshot holding the data, when backed up
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeBackup(String namespace, String claim, String persistentVolume, String storageClass, List<String> pods,
                           Status status, String reason, String source, SnapshotSummary snapshot) {

    /** A volume's fate in a backup. */
    public enum Status { BackedUp, Skipped, Failed }

    public VolumeBackup {
        pods = pods == null ? List.of() : List.copyOf(pods);
    }

    /** The volumes a backup recorded ({@code volumes.json}, verified); empty for a backup without any. */
    public static List<VolumeBackup> read(ArchiveReader archive) {
        return archive.file(LocationLayout.VOLUMES).map(bytes -> {
            try {
                return List.of(ArchiveJson.mapper().readValue(bytes, VolumeBackup[].class));
            } catch (java.io.IOException e) {
                throw new ArcaException.Corrupt("backup \"" + archive.manifest().name() + "\": " + LocationLayout.VOLUMES
                        + " cannot be read: " + e.getMessage(), e);
            }
        }).orElse(List.of());
    }

    public String key() {
        return namespace + "/" + claim;
    }
}

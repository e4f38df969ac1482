package dev.arca.repository.snapshot;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What to snapshot.
 *
 * @param root       the directory to back up (followed if it is itself a symlink)
 * @param volume     the volume's key, e.g. {@code namespace/pvc-name}
 * @param backupName the Arca backup this snapshot belongs to
 * @param tags       free-form labels (may be empty)
 * @param parent     the previous snapshot of the same volume to be incremental against, or null
 *                   for a full read (see {@link SnapshotStore#latest})
 */
public record SnapshotRequest(Path root, String volume, String backupName, Map<String, String> tags,
        SnapshotManifest parent) {

    public SnapshotRequest {
        Objects.requireNonNull(root, "root");
        if (volume == null || volume.isBlank()) {
            throw new IllegalArgumentException("a snapshot needs a volume key, e.g. namespace/pvc-name");
        }
        Objects.requireNonNull(backupName, "backupName");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}

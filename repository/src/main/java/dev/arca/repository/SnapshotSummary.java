package dev.arca.repository;

import java.time.Instant;
import java.util.List;

/**
 * What one volume snapshot holds and cost, as the engine records it in a backup.
 *
 * @param id            the snapshot's id in the repository
 * @param volume        the volume's key, {@code namespace/claim}
 * @param backup        the backup it belongs to
 * @param time          when it was taken
 * @param parent        the snapshot it was taken incrementally against, or null
 * @param files         regular files in the tree
 * @param dirs          directories in the tree
 * @param filesUnchanged files taken from the parent without being read
 * @param bytes         the total size of the files
 * @param bytesRead     bytes read from the volume (files new or changed since the parent)
 * @param bytesNew      bytes of chunks the repository did not hold yet, before compression
 * @param bytesStored   bytes written to the repository for them, compressed and encrypted
 * @param warnings      files that changed or vanished while read, one line each
 * @param errors        files that could not be read and are not in the snapshot, one line each
 */
public record SnapshotSummary(String id, String volume, String backup, Instant time, String parent, long files, long dirs,
                              long filesUnchanged, long bytes, long bytesRead, long bytesNew, long bytesStored,
                              List<String> warnings, List<String> errors) {
    public SnapshotSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** Bytes in the snapshot per byte newly stored: how much deduplication and compression saved. */
    public double dedupRatio() {
        return bytesStored == 0 ? (bytes == 0 ? 1.0 : Double.POSITIVE_INFINITY) : (double) bytes / bytesStored;
    }
}

package dev.arca.engine.retention;

import java.util.Map;

/**
 * A backup that was read back whole and matched its manifest.
 *
 * @param backup   the backup's name
 * @param items    items decoded from the archive, equal to the manifest's item count
 * @param counts   items per resource type, equal to the manifest's counts and the resource list
 * @param files    files checked against their recorded SHA-256 and size
 * @param bytes    total size of those files
 * @param logLines lines in the backup's log
 * @param volumes  the backup's volume snapshots, every chunk read back
 */
public record VerifyReport(String backup, long items, Map<String, Long> counts, int files, long bytes, long logLines,
                           java.util.List<VolumeCheck> volumes) {
    public VerifyReport {
        counts = Map.copyOf(counts);
        volumes = volumes == null ? java.util.List.of() : java.util.List.copyOf(volumes);
    }

    /** A backup without volume data. */
    public VerifyReport(String backup, long items, Map<String, Long> counts, int files, long bytes, long logLines) {
        this(backup, items, counts, files, bytes, logLines, null);
    }
}

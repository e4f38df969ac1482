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
 */
public record VerifyReport(String backup, long items, Map<String, Long> counts, int files, long bytes, long logLines) {
    public VerifyReport {
        counts = Map.copyOf(counts);
    }
}

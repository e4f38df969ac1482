package dev.arca.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupSpec;
import dev.arca.api.Outcome;
import dev.arca.api.Phase;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A backup's manifest, {@code backups/<name>/backup.json}: what was asked, what happened, what is
 * inside and the checksums to verify it. It is written last, so its presence makes a backup
 * exist. Serialised with {@link ArchiveJson#mapper()}.
 *
 * @param formatVersion  version of the archive format, {@link #FORMAT_VERSION} for this code
 * @param name           the backup's name
 * @param spec           what was asked
 * @param phase          final phase once written by {@link ArchiveWriter#finish}
 * @param started        when the backup started, or null
 * @param completed      when it completed, or null
 * @param expires        when it may be garbage-collected, or null
 * @param clusterVersion the source cluster's version (e.g. {@code v1.20.2}), or null
 * @param counts         items per resource type, sorted by resource; never null
 * @param itemCount      the sum of {@code counts}
 * @param outcome        warnings and errors; never null
 * @param files          digest of each file of the backup by file name (e.g.
 *                       {@code resources.tar.zst}), sorted; never null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupManifest(
        int formatVersion,
        String name,
        BackupSpec spec,
        Phase phase,
        Instant started,
        Instant completed,
        Instant expires,
        String clusterVersion,
        Map<String, Long> counts,
        long itemCount,
        Outcome outcome,
        Map<String, FileDigest> files) {

    /** The archive format this code writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** @throws ArcaException.InvalidInput when a field is missing or inconsistent */
    public BackupManifest {
        if (formatVersion < 1) {
            throw new ArcaException.InvalidInput("manifest format version must be at least 1, got " + formatVersion);
        }
        LocationLayout.checkName(name);
        if (spec == null || phase == null) {
            throw new ArcaException.InvalidInput("manifest of backup \"" + name + "\" lacks its spec or phase");
        }
        counts = sorted(counts, "counts");
        if (counts.values().stream().anyMatch(c -> c < 0) || itemCount < 0) {
            throw new ArcaException.InvalidInput("manifest of backup \"" + name + "\" has a negative count");
        }
        outcome = outcome == null ? Outcome.EMPTY : outcome;
        files = sorted(files, "files");
        for (String file : files.keySet()) {
            if (!LocationLayout.isFileName(file)) {
                throw new ArcaException.InvalidInput("manifest of backup \"" + name + "\" names file \"" + file
                        + "\", which is not a plain file name");
            }
        }
    }

    /** A manifest for a backup that is starting: no counts, no files, phase InProgress. */
    public static BackupManifest draft(String name, BackupSpec spec, Instant started) {
        return new BackupManifest(FORMAT_VERSION, name, spec, Phase.InProgress, started, null, null, null,
                null, 0, null, null);
    }

    public BackupManifest withFormatVersion(int value) {
        return new BackupManifest(value, name, spec, phase, started, completed, expires, clusterVersion,
                counts, itemCount, outcome, files);
    }

    public BackupManifest withPhase(Phase value) {
        return new BackupManifest(formatVersion, name, spec, value, started, completed, expires, clusterVersion,
                counts, itemCount, outcome, files);
    }

    public BackupManifest withStarted(Instant value) {
        return new BackupManifest(formatVersion, name, spec, phase, value, completed, expires, clusterVersion,
                counts, itemCount, outcome, files);
    }

    public BackupManifest withCompleted(Instant value) {
        return new BackupManifest(formatVersion, name, spec, phase, started, value, expires, clusterVersion,
                counts, itemCount, outcome, files);
    }

    public BackupManifest withExpires(Instant value) {
        return new BackupManifest(formatVersion, name, spec, phase, started, completed, value, clusterVersion,
                counts, itemCount, outcome, files);
    }

    public BackupManifest withClusterVersion(String value) {
        return new BackupManifest(formatVersion, name, spec, phase, started, completed, expires, value,
                counts, itemCount, outcome, files);
    }

    public BackupManifest withOutcome(Outcome value) {
        return new BackupManifest(formatVersion, name, spec, phase, started, completed, expires, clusterVersion,
                counts, itemCount, value, files);
    }

    /** Sets the per-resource counts and the item count. */
    public BackupManifest withCounts(Map<String, Long> value, long total) {
        return new BackupManifest(formatVersion, name, spec, phase, started, completed, expires, clusterVersion,
                value, total, outcome, files);
    }

    public BackupManifest withFiles(Map<String, FileDigest> value) {
        return new BackupManifest(formatVersion, name, spec, phase, started, completed, expires, clusterVersion,
                counts, itemCount, outcome, value);
    }

    /** True when {@code expires} is set and not after {@code now}. */
    public boolean isExpired(Instant now) {
        return expires != null && !expires.isAfter(now);
    }

    private static <V> SortedMap<String, V> sorted(Map<String, V> map, String what) {
        if (map == null) {
            return Collections.emptySortedMap();
        }
        TreeMap<String, V> copy = new TreeMap<>();
        map.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new ArcaException.InvalidInput("manifest " + what + " hold a null key or value");
            }
            copy.put(k, v);
        });
        return Collections.unmodifiableSortedMap(copy);
    }
}

package dev.arca.engine.retention;

import dev.arca.api.ArcaException;
import dev.arca.archive.ArchiveOptions;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.FileDigest;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.volume.LazyRepository;
import dev.arca.engine.volume.VolumeBackup;
import dev.arca.storage.ObjectStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Proves a backup is restorable by reading all of it back: every file against its SHA-256 and
 * size ({@link ArchiveReader#verify()}, straight from the store), every item decoded once and
 * counted against the manifest, the resource list against the same counts, the log decoded to
 * its last line, and every chunk of every volume snapshot the backup took read back and
 * authenticated ({@code Repository.verifySnapshot}). Reads only; never changes the location's data
 * (the repository holds a verify lock meanwhile, so maintenance does not pack away what is read).
 */
public final class BackupVerifier {
    private final ObjectStore store;
    private final ArchiveOptions options;

    public BackupVerifier(ObjectStore store) {
        this(store, ArchiveOptions.defaults());
    }

    /** @param options where verified downloads are spooled ({@link ArchiveOptions#tempDir()}) */
    public BackupVerifier(ObjectStore store, ArchiveOptions options) {
        this.store = store;
        this.options = options;
    }

    /**
     * Verifies backup {@code name}.
     *
     * @throws ArcaException.NotFound  when the location holds no such backup
     * @throws ArcaException.Corrupt   naming the file that is missing, altered, undecodable, or
     *                                 disagrees with the manifest
     * @throws ArcaException.Transient when the store cannot be read; retry
     */
    public VerifyReport verify(String name) {
        try (ArchiveReader reader = ArchiveReader.open(store, name, options)) {
            BackupManifest manifest = reader.manifest();
            reader.verify();
            Map<String, Long> counts = new TreeMap<>();
            reader.forEachItem((key, json) -> counts.merge(key.resource(), 1L, Long::sum));
            long items = counts.values().stream().mapToLong(Long::longValue).sum();
            checkItems(manifest, counts, items);
            checkResourceList(manifest, reader.resourceList());
            long logLines = logLines(reader);
            long bytes = manifest.files().values().stream().mapToLong(FileDigest::size).sum();
            List<VolumeCheck> volumes = verifyVolumes(name, VolumeBackup.read(reader));
            return new VerifyReport(name, items, counts, manifest.files().size(), bytes, logLines, volumes);
        }
    }

    /**
     * Reads back every chunk of the backup's volume snapshots.
     *
     * @throws ArcaException.Corrupt naming each volume whose data is missing or altered
     */
    private List<VolumeCheck> verifyVolumes(String name, List<VolumeBackup> volumes) {
        List<VolumeBackup> taken = volumes.stream()
                .filter(v -> v.status() == VolumeBackup.Status.BackedUp && v.snapshot() != null).toList();
        if (taken.isEmpty()) {
            return List.of();
        }
        List<VolumeCheck> checks = new java.util.ArrayList<>();
        try (LazyRepository repository = new LazyRepository(store)) {
            for (VolumeBackup v : taken) {
                dev.arca.repository.maintenance.VerifyReport r = repository.get().verifySnapshot(v.snapshot().id());
                checks.add(new VolumeCheck(v.namespace(), v.claim(), v.snapshot().id(), r.chunks(), r.chunksRead(),
                        r.problems().stream().map(dev.arca.repository.maintenance.VerifyReport.Problem::message).toList()));
            }
        }
        List<String> damaged = checks.stream().filter(c -> !c.problems().isEmpty()).map(c -> "volume " + c.volume()
                + " (snapshot " + c.snapshot() + "): " + c.problems().size() + " problems, first: " + c.problems().get(0)).toList();
        if (!damaged.isEmpty()) {
            throw new ArcaException.Corrupt("backup \"" + name + "\": the data of " + String.join("; ", damaged)
                    + "; that volume cannot be restored whole; run 'arca repo verify --read-data 100%' for the whole repository");
        }
        return checks;
    }

    private static void checkItems(BackupManifest manifest, Map<String, Long> counts, long items) {
        if (items != manifest.itemCount() || !counts.equals(manifest.counts())) {
            throw inconsistent(manifest, LocationLayout.RESOURCES, "holds " + items + " items but the manifest records "
                    + manifest.itemCount() + differences(counts, manifest.counts(), "in the archive"));
        }
    }

    private static void checkResourceList(BackupManifest manifest, Map<String, List<String>> list) {
        Map<String, Long> listed = new TreeMap<>();
        list.forEach((resource, entries) -> {
            if (!entries.isEmpty()) {
                listed.put(resource, (long) entries.size());
            }
        });
        if (!listed.equals(manifest.counts())) {
            long total = listed.values().stream().mapToLong(Long::longValue).sum();
            throw inconsistent(manifest, LocationLayout.RESOURCE_LIST, "lists " + total + " items but the manifest records "
                    + manifest.itemCount() + differences(listed, manifest.counts(), "listed"));
        }
    }

    private static long logLines(ArchiveReader reader) {
        long lines = 0;
        try (dev.arca.archive.LogLines log = new dev.arca.archive.LogLines(reader.log(), "the log of backup \""
                + reader.manifest().name() + "\"")) {
            while (log.next() != null) {
                lines++;
            }
        } catch (IOException e) { // the copy was verified: it is the content that does not decode
            throw new ArcaException.Corrupt("backup \"" + reader.manifest().name() + "\": " + LocationLayout.LOG
                    + " cannot be decoded (" + e.getMessage() + "); its log cannot be shown", e);
        }
        return lines;
    }

    /** {@code (configmaps: 1 in the archive, 2 recorded; ...)}, for each resource whose counts differ. */
    private static String differences(Map<String, Long> found, Map<String, Long> recorded, String where) {
        TreeSet<String> resources = new TreeSet<>(found.keySet());
        resources.addAll(recorded.keySet());
        StringBuilder sb = new StringBuilder();
        for (String resource : resources) {
            long f = found.getOrDefault(resource, 0L);
            long r = recorded.getOrDefault(resource, 0L);
            if (f != r) {
                sb.append(sb.isEmpty() ? " (" : "; ").append(resource).append(": ").append(f).append(' ').append(where)
                        .append(", ").append(r).append(" recorded");
            }
        }
        return sb.isEmpty() ? "" : sb.append(')').toString();
    }

    private static ArcaException.Corrupt inconsistent(BackupManifest manifest, String file, String what) {
        return new ArcaException.Corrupt("backup \"" + manifest.name() + "\": " + file + " " + what
                + "; the backup does not match its manifest and cannot be trusted for a restore");
    }
}

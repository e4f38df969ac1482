package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.BackupLocationSpec;
import dev.arca.api.Phase;
import dev.arca.archive.ArchiveJson;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.LocationLayout;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What makes a run broken rather than slow: a backup that misses a loaded object, a restore that
 * did not create every one. Each check throws {@link Broken} with what is missing.
 */
final class Checks {
    private final BenchObjects objects;

    Checks(BenchObjects objects) {
        this.objects = objects;
    }

    /** A run that did not do its job; the benchmark exits non-zero. */
    static final class Broken extends RuntimeException {
        Broken(String message) {
            super(message);
        }
    }

    /** The LIST floor saw every loaded object, and nothing else carries the benchmark label. */
    void listedAll(Lister.Listing listing) {
        long cms = listing.bench().getOrDefault("configmaps", 0L);
        long secrets = listing.bench().getOrDefault("secrets", 0L);
        if (cms != objects.configMaps() || secrets != objects.secrets()) {
            throw new Broken("the LIST floor saw " + cms + " ConfigMaps and " + secrets + " Secrets of the benchmark; loaded "
                    + objects.configMaps() + " and " + objects.secrets());
        }
    }

    /**
     * Backup {@code name} in the location is Completed, its manifest counts cover the loaded
     * objects, and its resource list names every one of them.
     *
     * @return its manifest
     */
    BackupManifest backupCoversAll(Path locationDir, String name, String prefix) {
        BackupLocationSpec spec = new BackupLocationSpec("bench", "filesystem", Map.of("dir", locationDir.toString()), null);
        try (ObjectStore store = ObjectStores.open(spec); ArchiveReader reader = ArchiveReader.open(store, name)) {
            BackupManifest manifest = reader.manifest();
            if (manifest.phase() != Phase.Completed) {
                throw new Broken("backup " + name + " is " + manifest.phase() + ": " + manifest.outcome());
            }
            long cms = manifest.counts().getOrDefault("configmaps", 0L);
            long secrets = manifest.counts().getOrDefault("secrets", 0L);
            if (cms < objects.configMaps() || secrets < objects.secrets() || manifest.itemCount() < objects.count()) {
                throw new Broken("backup " + name + " holds " + manifest.itemCount() + " items (" + cms + " configmaps, "
                        + secrets + " secrets); loaded " + objects.count() + " (" + objects.configMaps() + " and "
                        + objects.secrets() + ")");
            }
            Map<String, List<String>> list = reader.resourceList();
            Set<String> listedCms = new HashSet<>(list.getOrDefault("configmaps", List.of()));
            Set<String> listedSecrets = new HashSet<>(list.getOrDefault("secrets", List.of()));
            missing("backup " + name + "'s resource list", prefix, listedCms, listedSecrets);
            return manifest;
        }
    }

    /** The restore's record, as JSON, for its counts; Completed or Broken. */
    JsonNode restoreRecord(Path locationDir, String name) {
        BackupLocationSpec spec = new BackupLocationSpec("bench", "filesystem", Map.of("dir", locationDir.toString()), null);
        try (ObjectStore store = ObjectStores.open(spec)) {
            JsonNode record = ArchiveJson.mapper().readTree(store.getBytes(LocationLayout.restoreKey(name)));
            if (!Phase.Completed.name().equals(record.path("phase").asText())) {
                throw new Broken("restore " + name + " is " + record.path("phase").asText() + ": " + record.path("outcome"));
            }
            return record;
        } catch (IOException e) {
            throw new Broken("cannot read the record of restore " + name + ": " + e.getMessage());
        }
    }

    /** Every loaded object exists under {@code prefix}'s namespaces, per a LIST of the cluster. */
    void restoredAll(Lister lister, String prefix) {
        Set<String> cms = lister.benchEntries(BenchObjects.CONFIG_MAPS, ns -> ns.startsWith(prefix + "-"));
        Set<String> secrets = lister.benchEntries(BenchObjects.SECRETS, ns -> ns.startsWith(prefix + "-"));
        missing("the restored namespaces " + prefix + "-*", prefix, cms, secrets);
        if (cms.size() + secrets.size() != objects.count()) {
            throw new Broken("the restored namespaces hold " + (cms.size() + secrets.size()) + " benchmark objects; loaded "
                    + objects.count());
        }
    }

    private void missing(String where, String prefix, Set<String> cms, Set<String> secrets) {
        long missing = 0;
        String first = null;
        for (int i = 0; i < objects.count(); i++) {
            String entry = objects.entry(prefix, i);
            if (!(BenchObjects.isConfigMap(i) ? cms : secrets).contains(entry)) {
                missing++;
                first = first == null ? entry : first;
            }
        }
        if (missing > 0) {
            throw new Broken(where + " lacks " + missing + " of the " + objects.count() + " loaded objects, e.g. " + first);
        }
    }
}

package dev.arca.archive;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders shared by the archive tests. */
final class TestBackups {
    static final Instant STARTED = Instant.parse("2026-11-23T10:15:30Z");

    private TestBackups() {
    }

    static BackupManifest completed(String name) {
        return BackupManifest.draft(name, BackupSpec.everything(), STARTED)
                .withPhase(Phase.Completed)
                .withClusterVersion("v1.20.2");
    }

    static byte[] json(ItemKey key) {
        String ns = key.namespace() == null ? "" : ",\"namespace\":\"" + key.namespace() + "\"";
        return ("{\"metadata\":{\"name\":\"" + key.name() + "\"" + ns + "},\"resource\":\"" + key.resource() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a finished backup holding {@code keys}, with one log line per item. */
    static BackupManifest write(ObjectStore store, String name, List<ItemKey> keys) {
        try (ArchiveWriter writer = ArchiveWriter.create(store, name)) {
            for (ItemKey key : keys) {
                writer.add(key, json(key));
                writer.log("{\"msg\":\"backed up\",\"item\":\"" + key.path() + "\"}");
            }
            return writer.finish(completed(name));
        }
    }

    /** Every item of a backup, by key, as strings. */
    static Map<ItemKey, String> readAll(ArchiveReader reader) {
        Map<ItemKey, String> items = new LinkedHashMap<>();
        reader.forEachItem((key, json) -> items.put(key, new String(json, StandardCharsets.UTF_8)));
        return items;
    }
}

package dev.arca.engine.retention;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.archive.ArchiveJson;
import dev.arca.archive.ArchiveWriter;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.ItemKey;
import dev.arca.archive.Lease;
import dev.arca.archive.LocationLayout;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStore.ObjectInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Backups written straight with {@link ArchiveWriter}, so retention tests need no cluster. */
final class Backups {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final List<ItemKey> ITEMS = List.of(
            ItemKey.cluster("namespaces", "shop"),
            ItemKey.namespaced("configmaps", "shop", "settings"),
            ItemKey.namespaced("configmaps", "shop", "flags"));

    private Backups() {
    }

    /** A completed backup of {@link #ITEMS} that expires at {@code expires} (null: never), with one log line per item. */
    static BackupManifest write(ObjectStore store, String name, Instant expires) {
        try (ArchiveWriter writer = ArchiveWriter.create(store, name)) {
            for (ItemKey key : ITEMS) {
                writer.add(key, ("{\"metadata\":{\"name\":\"" + key.name() + "\"}}").getBytes(StandardCharsets.UTF_8));
                writer.log("{\"msg\":\"backed up " + key.path() + "\"}");
            }
            return writer.finish(BackupManifest.draft(name, BackupSpec.everything(), NOW.minusSeconds(7200))
                    .withPhase(Phase.Completed).withExpires(expires));
        }
    }

    /** Writes a lease as a restore would, without a heartbeat. */
    static void lease(ObjectStore store, String backup, String holder, Instant acquired, Instant expires) {
        store.put(LocationLayout.leaseKey(backup, holder), json(new Lease(backup, holder, acquired, expires)));
    }

    /** Replaces a backup's manifest, e.g. to make it disagree with its files. */
    static void rewrite(ObjectStore store, BackupManifest manifest) {
        store.put(LocationLayout.manifestKey(manifest.name()), json(manifest));
    }

    /** Every object in the store, key to size. */
    static Map<String, Long> objects(ObjectStore store) {
        Map<String, Long> all = new TreeMap<>();
        for (ObjectInfo object : store.list("")) {
            all.put(object.key(), object.size());
        }
        return all;
    }

    private static byte[] json(Object value) {
        try {
            return ArchiveJson.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

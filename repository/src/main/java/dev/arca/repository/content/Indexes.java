package dev.arca.repository.content;

import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Reading and writing the index files under {@link RepositoryLayout#INDEX}. Used by the content
 * store on open and after each pack, and by maintenance and verify.
 */
public final class Indexes {
    private Indexes() {
    }

    /** The keys of every index file, sorted. */
    public static List<String> list(ObjectStore store) {
        List<String> keys = new ArrayList<>();
        for (ObjectStore.ObjectInfo info : store.list(RepositoryLayout.INDEX)) {
            if (RepositoryLayout.idOf(info.key()) != null) {
                keys.add(info.key());
            }
        }
        return keys;
    }

    /**
     * Reads one index file into {@code sink}.
     * @throws ArcaException.Corrupt when it does not authenticate or parse
     */
    public static void read(ObjectStore store, ChunkCodec codec, String key, BiConsumer<ChunkId, ChunkLocation> sink) {
        ChunkTable.Entries entries = readEntries(store, codec, key);
        for (int i = 0; i < entries.size(); i++) {
            sink.accept(entries.id(i), entries.location(i));
        }
    }

    private static ChunkTable.Entries readEntries(ObjectStore store, ChunkCodec codec, String key) {
        String what = "index " + key + " in " + store.describe();
        ChunkTable.Entries entries = new ChunkTable.Entries(0);
        IndexFile.decode(codec.open(store.getBytes(key), IndexFile.AD, what), what, entries);
        return entries;
    }

    /** Writes {@code entries} as a new index file and returns its key. The entries become durable. */
    public static String write(ObjectStore store, ChunkCodec codec, Clock clock, Map<ChunkId, ChunkLocation> entries) {
        String key = RepositoryLayout.indexKey(RepositoryLayout.newId(clock));
        store.put(key, codec.seal(IndexFile.encode(entries), IndexFile.AD));
        return key;
    }

    /**
     * Reads every index file in parallel on {@code executor} into one {@link ChunkIndex}; a chunk in
     * several packs maps to the newest pack ({@link ChunkLocation#supersedes}).
     */
    public static Loaded loadAll(ObjectStore store, ChunkCodec codec, Executor executor) {
        List<String> keys = list(store);
        List<CompletableFuture<ChunkTable.Entries>> reads = new ArrayList<>(keys.size());
        for (String key : keys) {
            reads.add(CompletableFuture.supplyAsync(() -> readEntries(store, codec, key), executor));
        }
        List<ChunkTable.Entries> parts = new ArrayList<>(keys.size());
        try {
            for (CompletableFuture<ChunkTable.Entries> read : reads) {
                parts.add(read.join());
            }
        } catch (CompletionException e) {
            reads.forEach(r -> r.cancel(false));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        return new Loaded(new ChunkIndex(ChunkTable.build(parts)), List.copyOf(keys));
    }

    /** Adds an entry, keeping the newer pack when the chunk is already there. */
    public static void merge(Map<ChunkId, ChunkLocation> map, ChunkId id, ChunkLocation loc) {
        map.merge(id, loc, (old, neu) -> neu.supersedes(old) ? neu : old);
    }

    /** Every indexed chunk's preferred location, and the index files read. */
    public record Loaded(ChunkIndex entries, List<String> indexKeys) {
    }
}

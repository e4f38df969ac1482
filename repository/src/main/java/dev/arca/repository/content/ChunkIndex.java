package dev.arca.repository.content;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Where every indexed chunk is, in memory: the chunks read from the index files in a
 * {@link ChunkTable} (flat sorted arrays, about 50 bytes a chunk), and the chunks stored since in
 * a map, folded into a new table once the map holds more than 65,536 of them (a test's
 * {@code foldAt}) and more than half as many as the table. Lookups take no lock and may run while
 * chunks are added; a fold builds the new table on the thread adding the chunks that call for it.
 * Between {@link #markForReplace} and {@link #replaceWith} nothing is folded.
 */
public final class ChunkIndex {
    private static final int FOLD_AT = 1 << 16;

    private final int foldAt;
    private volatile ChunkTable table;
    private final Map<ChunkId, ChunkLocation> recent = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Chunks added since {@link #markForReplace}, which the next {@link #replaceWith} keeps; null when unmarked. */
    private Map<ChunkId, ChunkLocation> addedSinceMark;

    ChunkIndex(ChunkTable table) {
        this(table, FOLD_AT);
    }

    ChunkIndex(ChunkTable table, int foldAt) {
        this.table = table;
        this.foldAt = foldAt;
    }

    /** An index of {@code entries}. */
    public static ChunkIndex of(Map<ChunkId, ChunkLocation> entries) {
        ChunkTable.Entries e = new ChunkTable.Entries(entries.size());
        entries.forEach(e::add);
        return new ChunkIndex(ChunkTable.build(List.of(e)));
    }

    /** Where the chunk is, or null. */
    public ChunkLocation get(ChunkId id) {
        // the map first: a fold publishes its table before it removes what it folded from the map
        ChunkLocation loc = recent.get(id);
        return loc != null ? loc : table.get(id);
    }

    public boolean contains(ChunkId id) {
        return get(id) != null;
    }

    /** How many chunks are indexed; a chunk stored again since the table was built counts twice until folded. */
    public int size() {
        synchronized (lock) {
            return table.size() + recent.size();
        }
    }

    /** Each chunk with its location, as {@link #get} would give it. */
    public void forEach(BiConsumer<ChunkId, ChunkLocation> action) {
        ChunkTable t;
        Map<ChunkId, ChunkLocation> r;
        synchronized (lock) {
            t = table;
            r = Map.copyOf(recent);
        }
        t.forEach((id, loc) -> {
            if (!r.containsKey(id)) {
                action.accept(id, loc);
            }
        });
        r.forEach(action);
    }

    /** Adds chunks just made durable; a location given here wins over the table's until the next fold. */
    public void putAll(Map<ChunkId, ChunkLocation> located) {
        synchronized (lock) {
            recent.putAll(located);
            if (addedSinceMark != null) {
                addedSinceMark.putAll(located);
            }
            // not while marked: a chunk folded then would be only in the table replaceWith drops, and a lock-free
            // reader could miss it between the swap and its return to the map
            if (addedSinceMark == null && recent.size() > foldAt && recent.size() > table.size() / 2) {
                fold();
            }
        }
    }

    /**
     * Marks the moment before the index files are listed and read for a {@link #replaceWith}: chunks added
     * from here on were made durable after that read began, may be missing from it, and are kept.
     */
    public void markForReplace() {
        synchronized (lock) {
            addedSinceMark = new HashMap<>();
        }
    }

    /** Forgets a {@link #markForReplace} whose replacement will not come (the read failed). */
    public void abandonReplace() {
        synchronized (lock) {
            addedSinceMark = null;
        }
    }

    /**
     * Replaces every entry with {@code other}'s (after rereading the index files), except those added
     * since {@link #markForReplace}, which stay; without a mark, everything is replaced.
     */
    public void replaceWith(ChunkIndex other) {
        synchronized (lock) {
            Map<ChunkId, ChunkLocation> keep = new HashMap<>(other.recent);
            if (addedSinceMark != null) {
                keep.putAll(addedSinceMark);
                addedSinceMark = null;
            }
            table = other.table;
            // what stays is never out of the map on the way (lookups take no lock)
            recent.keySet().retainAll(keep.keySet());
            recent.putAll(keep);
        }
    }

    /** The current table; for tests. */
    ChunkTable table() {
        return table;
    }

    private void fold() {
        List<Map.Entry<ChunkId, ChunkLocation>> folded = new ArrayList<>(recent.entrySet());
        ChunkTable.Entries added = new ChunkTable.Entries(folded.size());
        for (Map.Entry<ChunkId, ChunkLocation> e : folded) {
            added.add(e.getKey(), e.getValue());
        }
        table = ChunkTable.build(List.of(table.entries(), added));
        for (Map.Entry<ChunkId, ChunkLocation> e : folded) {
            recent.remove(e.getKey(), e.getValue());
        }
    }
}

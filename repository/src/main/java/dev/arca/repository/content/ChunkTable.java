package dev.arca.repository.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Chunk locations in flat arrays sorted by id, immutable once built: 48 bytes a chunk and about 3
 * for its bucket, where a map of {@link ChunkId} to {@link ChunkLocation} objects takes about 130.
 * An id is an HMAC, so its first bits are uniform: they name the chunk's bucket, a bucket holds
 * one or two chunks on average, and a lookup reads one bucket. Built in one pass that places each
 * entry in its bucket, then sorts the buckets; a chunk in several packs keeps the location that
 * {@link ChunkLocation#supersedes} the others.
 */
final class ChunkTable {
    static final ChunkTable EMPTY = build(List.of());

    private final Entries entries;
    private final int[] starts;
    private final int bits;

    private ChunkTable(Entries entries, int[] starts, int bits) {
        this.entries = entries;
        this.starts = starts;
        this.bits = bits;
    }

    int size() {
        return entries.size;
    }

    /** Where the chunk is, or null. */
    ChunkLocation get(ChunkId id) {
        int b = bucket(id.a(), bits);
        for (int i = starts[b], end = starts[b + 1]; i < end; i++) {
            if (entries.idEquals(i, id)) {
                return entries.location(i);
            }
        }
        return null;
    }

    void forEach(BiConsumer<ChunkId, ChunkLocation> action) {
        for (int i = 0; i < entries.size; i++) {
            action.accept(entries.id(i), entries.location(i));
        }
    }

    /** The table's entries, to build a larger table from. */
    Entries entries() {
        return entries;
    }

    /** A table of every entry of {@code parts}; the parts are only read. */
    static ChunkTable build(List<Entries> parts) {
        long total = 0;
        for (Entries p : parts) {
            total += p.size;
        }
        if (total > Integer.MAX_VALUE / 4) {
            throw new IllegalStateException(total + " chunks do not fit one index in memory; the limit is "
                    + Integer.MAX_VALUE / 4);
        }
        int n = (int) total;
        int bits = n < 2 ? 0 : 31 - Integer.numberOfLeadingZeros(n); // 2^bits ≤ n buckets
        int[] starts = bucketStarts(parts, bits);
        Entries out = new Entries(n);
        Map<String, Integer> packIndex = new HashMap<>();
        int[] next = Arrays.copyOf(starts, starts.length - 1);
        for (Entries p : parts) {
            int[] packs = new int[p.packs.size()];
            for (int k = 0; k < packs.length; k++) {
                packs[k] = packIndex.computeIfAbsent(p.packs.get(k), id -> {
                    out.packs.add(id);
                    return out.packs.size() - 1;
                });
            }
            for (int i = 0; i < p.size; i++) {
                int at = next[bucket(p.ids[4 * i], bits)]++;
                System.arraycopy(p.ids, 4 * i, out.ids, 4 * at, 4);
                System.arraycopy(p.where, 4 * i, out.where, 4 * at, 4);
                out.where[4 * at] = packs[p.where[4 * i] & ~Entries.COMPRESSED] | (p.where[4 * i] & Entries.COMPRESSED);
            }
        }
        out.size = n;
        for (int b = 0; b < 1 << bits; b++) {
            out.sort(starts[b], starts[b + 1]);
        }
        if (out.dropDuplicates()) {
            out.trim(); // index files listing chunks twice (maintenance stopped between writing and deleting) held room for both
            starts = bucketStarts(List.of(out), bits);
        }
        return new ChunkTable(out, starts, bits);
    }

    /** Where each of the {@code 2^bits} buckets of the entries of {@code parts} starts, and (last) where they end. */
    private static int[] bucketStarts(List<Entries> parts, int bits) {
        int[] starts = new int[(1 << bits) + 1];
        for (Entries p : parts) {
            for (int i = 0; i < p.size; i++) {
                starts[bucket(p.ids[4 * i], bits) + 1]++;
            }
        }
        for (int b = 0; b < 1 << bits; b++) {
            starts[b + 1] += starts[b];
        }
        return starts;
    }

    private static int bucket(long a, int bits) {
        return bits == 0 ? 0 : (int) (a >>> (64 - bits));
    }

    /**
     * Chunk entries in flat arrays, in the order added: four longs of id and four ints of location
     * each (pack number with {@link #COMPRESSED} as its top bit, offset, length, raw length). What
     * an index file is read into before the table is built.
     */
    static final class Entries {
        static final int COMPRESSED = 1 << 31;
        private long[] ids;
        private int[] where;
        private final List<String> packs = new ArrayList<>();
        private Map<String, Integer> packNumbers;
        private int size;
        private int pack = -1;

        Entries(int capacity) {
            ids = new long[4 * capacity];
            where = new int[4 * capacity];
        }

        int size() {
            return size;
        }

        /** Makes room for {@code more} entries beyond those added. */
        void reserve(int more) {
            int need = 4 * (size + more);
            if (need > ids.length) {
                int grown = Math.max(need, ids.length + (ids.length >> 1));
                ids = Arrays.copyOf(ids, grown);
                where = Arrays.copyOf(where, grown);
            }
        }

        /** Lets go of the room beyond the entries held. */
        void trim() {
            ids = Arrays.copyOf(ids, 4 * size);
            where = Arrays.copyOf(where, 4 * size);
        }

        /** The pack the next entries are in. */
        void pack(String packId) {
            packs.add(packId);
            pack = packs.size() - 1;
        }

        /** Adds an entry in the last pack named; the location is checked as {@link ChunkLocation}'s constructor does. */
        void add(long a, long b, long c, long d, int offset, int length, int rawLength, boolean compressed) {
            if (pack < 0) {
                throw new IllegalStateException("no pack named before its chunks");
            }
            new ChunkLocation(packs.get(pack), offset, length, rawLength, compressed); // the same checks, one place
            reserve(1);
            int at = 4 * size++;
            ids[at] = a;
            ids[at + 1] = b;
            ids[at + 2] = c;
            ids[at + 3] = d;
            where[at] = pack | (compressed ? COMPRESSED : 0);
            where[at + 1] = offset;
            where[at + 2] = length;
            where[at + 3] = rawLength;
        }

        /** Adds an entry, naming its pack as needed. */
        void add(ChunkId id, ChunkLocation loc) {
            if (packNumbers == null) {
                packNumbers = new HashMap<>();
            }
            Integer known = packNumbers.get(loc.pack());
            if (known == null) {
                pack(loc.pack());
                packNumbers.put(loc.pack(), pack);
            } else {
                pack = known;
            }
            add(id.a(), id.b(), id.c(), id.d(), loc.offset(), loc.length(), loc.rawLength(), loc.compressed());
        }

        ChunkId id(int i) {
            return new ChunkId(ids[4 * i], ids[4 * i + 1], ids[4 * i + 2], ids[4 * i + 3]);
        }

        ChunkLocation location(int i) {
            int p = where[4 * i];
            return new ChunkLocation(packs.get(p & ~COMPRESSED), where[4 * i + 1], where[4 * i + 2], where[4 * i + 3],
                    (p & COMPRESSED) != 0);
        }

        boolean idEquals(int i, ChunkId id) {
            return ids[4 * i] == id.a() && ids[4 * i + 1] == id.b() && ids[4 * i + 2] == id.c() && ids[4 * i + 3] == id.d();
        }

        private int compare(int i, int j) {
            for (int k = 0; k < 4; k++) {
                int r = Long.compareUnsigned(ids[4 * i + k], ids[4 * j + k]);
                if (r != 0) {
                    return r;
                }
            }
            return 0;
        }

        /** Insertion sort of [from, to): a bucket holds a few entries. */
        private void sort(int from, int to) {
            for (int i = from + 1; i < to; i++) {
                for (int j = i; j > from && compare(j - 1, j) > 0; j--) {
                    swap(j - 1, j);
                }
            }
        }

        private void swap(int i, int j) {
            for (int k = 0; k < 4; k++) {
                long id = ids[4 * i + k];
                ids[4 * i + k] = ids[4 * j + k];
                ids[4 * j + k] = id;
                int w = where[4 * i + k];
                where[4 * i + k] = where[4 * j + k];
                where[4 * j + k] = w;
            }
        }

        /** Keeps one entry per id in sorted entries, the one whose location supersedes; true when any went. */
        private boolean dropDuplicates() {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (kept > 0 && compare(kept - 1, i) == 0) {
                    if (location(i).supersedes(location(kept - 1))) {
                        System.arraycopy(where, 4 * i, where, 4 * (kept - 1), 4);
                    }
                    continue;
                }
                if (kept != i) {
                    System.arraycopy(ids, 4 * i, ids, 4 * kept, 4);
                    System.arraycopy(where, 4 * i, where, 4 * kept, 4);
                }
                kept++;
            }
            boolean dropped = kept < size;
            size = kept;
            return dropped;
        }
    }
}

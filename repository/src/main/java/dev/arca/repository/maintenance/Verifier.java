package dev.arca.repository.maintenance;

import dev.arca.api.ArcaException;
import dev.arca.repository.content.ChunkCodec;
import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.ChunkLocation;
import dev.arca.repository.content.Indexes;
import dev.arca.repository.content.RepositoryKeys;
import dev.arca.repository.content.RepositoryLayout;
import dev.arca.repository.maintenance.VerifyReport.Kind;
import dev.arca.repository.maintenance.VerifyReport.Problem;
import dev.arca.storage.ObjectStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks a repository without changing it: every index file opens, every index entry lies inside
 * an existing pack, every pack is in some index, and a sample of chunks is read, decrypted,
 * decompressed and re-hashed (its HMAC must equal its id).
 *
 * <p>Sampling: a chunk is read when a hash of its id and a seed falls below the fraction, so a
 * given seed always picks the same chunks (reproducible), and {@link #verify(double)} draws a
 * random seed so repeated partial runs cover different chunks. A fraction of 1 reads them all.
 * Packs with a sampled chunk are read whole when the fraction is at least one half, else chunk by
 * chunk with ranged reads. Packs are checked on {@code threads} threads.
 */
public final class Verifier {
    private final ChunkCodec codec;
    private final ObjectStore store;
    private final int threads;

    public Verifier(RepositoryKeys keys, ObjectStore store, int threads) {
        if (threads < 1) {
            throw new ArcaException.InvalidInput("verify needs at least one thread, not " + threads);
        }
        this.codec = new ChunkCodec(keys);
        this.store = store;
        this.threads = threads;
    }

    /** Verifies with a random sample of about {@code fraction} (0..1) of the chunks. */
    public VerifyReport verify(double fraction) {
        return verify(fraction, new SecureRandom().nextLong());
    }

    /** Verifies with the sample that {@code seed} picks. */
    public VerifyReport verify(double fraction, long seed) {
        return verify(fraction, seed, sink -> { });
    }

    /**
     * Verifies as {@link #verify(double, long)} and also that every chunk {@code referenced} names
     * (every chunk of every snapshot) is indexed.
     */
    public VerifyReport verify(double fraction, long seed, LiveChunks referenced) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new ArcaException.InvalidInput("verify fraction " + fraction + " is outside 0..1");
        }
        List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
        List<String> indexKeys = Indexes.list(store);
        Map<ChunkId, ChunkLocation> entries = readIndexes(indexKeys, problems);
        Map<String, Long> packSizes = packSizes();
        Map<String, List<Map.Entry<ChunkId, ChunkLocation>>> sampled = new HashMap<>();
        Map<String, Boolean> indexed = new HashMap<>();
        for (Map.Entry<ChunkId, ChunkLocation> e : entries.entrySet()) {
            ChunkLocation loc = e.getValue();
            indexed.put(loc.pack(), true);
            Long size = packSizes.get(loc.pack());
            if (size == null) {
                problems.add(new Problem(Kind.MISSING_PACK, RepositoryLayout.packKey(loc.pack()), e.getKey(),
                        "chunk " + e.getKey() + " is indexed in pack " + loc.pack() + ", which does not exist"));
            } else if (loc.end() > size) {
                problems.add(new Problem(Kind.OUT_OF_RANGE, RepositoryLayout.packKey(loc.pack()), e.getKey(),
                        "chunk " + e.getKey() + " is indexed at " + loc.offset() + "+" + loc.length() + " in pack "
                                + loc.pack() + ", which has only " + size + " bytes"));
            } else if (sampled(e.getKey(), fraction, seed)) {
                sampled.computeIfAbsent(loc.pack(), p -> new ArrayList<>()).add(e);
            }
        }
        java.util.Set<ChunkId> missing = new java.util.HashSet<>();
        referenced.forEach(id -> {
            if (!entries.containsKey(id) && missing.add(id)) {
                problems.add(new Problem(Kind.MISSING_CHUNK, "snapshots", id, "chunk " + id
                        + " is referenced by a snapshot but is in no index: that snapshot cannot be fully restored"));
            }
        });
        for (String pack : packSizes.keySet()) {
            if (!indexed.containsKey(pack)) {
                problems.add(new Problem(Kind.UNINDEXED_PACK, RepositoryLayout.packKey(pack), null, "pack " + pack
                        + " is in no index (an interrupted backup left it; maintenance deletes it after the safety delay)"));
            }
        }
        long read = readSampled(sampled, fraction >= 0.5, problems);
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(Problem::object).thenComparing(p -> String.valueOf(p.chunk())));
        return new VerifyReport(indexKeys.size(), packSizes.size(), entries.size(), read, sorted);
    }

    /**
     * Checks only {@code chunks} (those of one snapshot): each is in an index, inside an existing
     * pack, and read (ranged), decrypted, decompressed and re-hashed to its id.
     */
    public VerifyReport verifyChunks(java.util.Set<ChunkId> chunks) {
        List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
        List<String> indexKeys = Indexes.list(store);
        Map<ChunkId, ChunkLocation> entries = readIndexes(indexKeys, problems);
        Map<String, Long> packSizes = packSizes();
        Map<String, List<Map.Entry<ChunkId, ChunkLocation>>> toRead = new HashMap<>();
        for (ChunkId id : chunks) {
            ChunkLocation loc = entries.get(id);
            Long size = loc == null ? null : packSizes.get(loc.pack());
            if (loc == null) {
                problems.add(new Problem(Kind.MISSING_CHUNK, "snapshots", id, "chunk " + id + " is in no index"));
            } else if (size == null) {
                problems.add(new Problem(Kind.MISSING_PACK, RepositoryLayout.packKey(loc.pack()), id,
                        "chunk " + id + " is indexed in pack " + loc.pack() + ", which does not exist"));
            } else if (loc.end() > size) {
                problems.add(new Problem(Kind.OUT_OF_RANGE, RepositoryLayout.packKey(loc.pack()), id, "chunk " + id
                        + " is indexed at " + loc.offset() + "+" + loc.length() + " in pack " + loc.pack() + ", which has only "
                        + size + " bytes"));
            } else {
                toRead.computeIfAbsent(loc.pack(), p -> new ArrayList<>()).add(Map.entry(id, loc));
            }
        }
        long read = readSampled(toRead, false, problems);
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(Problem::object).thenComparing(p -> String.valueOf(p.chunk())));
        return new VerifyReport(indexKeys.size(), packSizes.size(), chunks.size(), read, sorted);
    }

    /** Every index entry; an index that cannot be read is a problem. */
    private Map<ChunkId, ChunkLocation> readIndexes(List<String> indexKeys, List<Problem> problems) {
        Map<ChunkId, ChunkLocation> entries = new HashMap<>();
        for (String key : indexKeys) {
            try {
                Indexes.read(store, codec, key, (id, loc) -> Indexes.merge(entries, id, loc));
            } catch (ArcaException e) {
                problems.add(new Problem(Kind.UNREADABLE_INDEX, key, null, e.getMessage()));
            }
        }
        return entries;
    }

    /** Pack id → its size in the store. */
    private Map<String, Long> packSizes() {
        Map<String, Long> packSizes = new HashMap<>();
        for (ObjectStore.ObjectInfo info : store.list(RepositoryLayout.PACKS)) {
            String id = RepositoryLayout.idOf(info.key());
            if (id != null) {
                packSizes.put(id, info.size());
            }
        }
        return packSizes;
    }

    private long readSampled(Map<String, List<Map.Entry<ChunkId, ChunkLocation>>> sampled, boolean wholePacks,
                             List<Problem> problems) {
        AtomicLong read = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads, dev.arca.repository.content.DaemonThreads.named("arca-verify"));
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (Map.Entry<String, List<Map.Entry<ChunkId, ChunkLocation>>> pack : sampled.entrySet()) {
                tasks.add(pool.submit(() -> checkPack(pack.getKey(), pack.getValue(), wholePacks, problems, read)));
            }
            for (Future<?> t : tasks) {
                t.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException.Transient("verify of " + store.describe() + " was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new ArcaException("verify of " + store.describe() + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return read.get();
    }

    private void checkPack(String pack, List<Map.Entry<ChunkId, ChunkLocation>> chunks, boolean whole,
                           List<Problem> problems, AtomicLong read) {
        String key = RepositoryLayout.packKey(pack);
        byte[] bytes = null;
        if (whole) {
            bytes = store.getBytes(key);
        }
        for (Map.Entry<ChunkId, ChunkLocation> e : chunks) {
            ChunkId id = e.getKey();
            ChunkLocation loc = e.getValue();
            try {
                byte[] plain = bytes != null
                        ? codec.decode(id, bytes, loc.offset(), loc.length(), loc.rawLength(), "pack " + pack)
                        : decodeRange(key, pack, id, loc);
                ChunkId actual = codec.id(plain, 0, plain.length);
                if (!actual.equals(id)) {
                    problems.add(new Problem(Kind.CORRUPT_CHUNK, key, id, "chunk " + id + " in pack " + pack
                            + " decrypts but its data hashes to " + actual));
                }
            } catch (ArcaException.Corrupt c) {
                problems.add(new Problem(Kind.CORRUPT_CHUNK, key, id, c.getMessage()));
            }
            read.incrementAndGet();
        }
    }

    private byte[] decodeRange(String key, String pack, ChunkId id, ChunkLocation loc) {
        byte[] stored = store.getRange(key, loc.offset(), loc.length());
        return codec.decode(id, stored, 0, stored.length, loc.rawLength(), "pack " + pack);
    }

    static boolean sampled(ChunkId id, double fraction, long seed) {
        if (fraction >= 1) {
            return true;
        }
        long z = id.a() ^ seed;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z ^= z >>> 33;
        return (z >>> 11) * 0x1.0p-53 < fraction;
    }
}

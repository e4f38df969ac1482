package dev.arca.repository.maintenance;

import dev.arca.api.ArcaException;
import dev.arca.repository.content.ChunkCodec;
import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.ChunkIndex;
import dev.arca.repository.content.ChunkLocation;
import dev.arca.repository.content.Indexes;
import dev.arca.repository.content.PackBuilder;
import dev.arca.repository.content.PackOptions;
import dev.arca.repository.content.RepositoryKeys;
import dev.arca.repository.content.RepositoryLayout;
import dev.arca.storage.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shrinks a repository to what snapshots need, in steps ordered so a crash at any point leaves it
 * valid:
 * <ol>
 *   <li>load every index file, list every pack, collect the {@link LiveChunks};</li>
 *   <li>keep an index entry when its chunk is live or its pack is younger than the safety delay
 *       (a backup running now may have stored it and not yet written its snapshot); drop the
 *       rest;</li>
 *   <li>copy the kept chunks of old packs whose kept bytes are below the rewrite threshold into new
 *       packs, as stored (still encrypted: the associated data is the chunk id, not the place);</li>
 *   <li>write the kept entries as a few new index files, <em>then</em> delete the index files
 *       read in step 1;</li>
 *   <li>delete old packs nothing kept points to: emptied, rewritten, and orphans (in no index,
 *       left by an interrupted backup) older than the safety delay;</li>
 *   <li>remove what killed writers left under the repository's keys (temporary files, incomplete
 *       uploads: {@link ObjectStore#deleteAbandonedWrites}) begun before the safety delay.</li>
 * </ol>
 * Packs younger than the safety delay are never rewritten or deleted. The delay must exceed the
 * longest backup. What it does not cover: a backup that deduplicated against a chunk this run
 * drops (an unreferenced chunk of an old pack, reused by the backup after this run loaded the
 * live set). Callers exclude that by not running maintenance while any repository session is
 * open (the session lock held from open to close, which also keeps cached indexes valid).
 * A reader that opened the repository before a run may find rewritten chunks gone; it reopens.
 *
 * <p>Memory: the whole index and the live set are held in memory, about 100–150 bytes a chunk:
 * 1 M chunks (≈ 1 TB of 1 MiB chunks) take ≈ 150 MB of heap.
 */
public final class Maintainer {
    private static final Logger LOG = LoggerFactory.getLogger(Maintainer.class);
    static final int MAX_ENTRIES_PER_INDEX = 500_000;

    private final ChunkCodec codec;
    private final ObjectStore store;
    private final Options options;

    public Maintainer(RepositoryKeys keys, ObjectStore store, Options options) {
        this.codec = new ChunkCodec(keys);
        this.store = store;
        this.options = options;
    }

    /** Runs every step once and says what changed. */
    public MaintenanceReport run(LiveChunks live) {
        return run(live, () -> { });
    }

    /**
     * Runs every step once and says what changed, calling {@code beforeDeleting} before each step
     * that deletes: it throws to stop the run (its caller's lock is gone), leaving the repository
     * valid since nothing is deleted before the data replacing it is written.
     */
    public MaintenanceReport run(LiveChunks live, Runnable beforeDeleting) {
        Instant cutoff = options.clock().instant().minus(options.safetyDelay());
        Indexes.Loaded loaded = loadIndexes();
        Map<String, Long> packSizes = listPacks();
        Set<String> indexedPacks = new HashSet<>();
        Map<String, Long> keptBytes = new HashMap<>();
        Map<ChunkId, ChunkLocation> kept = kept(loaded.entries(), live, cutoff, indexedPacks, keptBytes);
        long dropped = loaded.entries().size() - kept.size(); // a fresh load has each chunk once

        Set<String> toRewrite = new HashSet<>();
        Set<String> toDelete = new HashSet<>();
        int orphans = 0;
        for (Map.Entry<String, Long> pack : packSizes.entrySet()) {
            String id = pack.getKey();
            if (isYoung(id, cutoff)) {
                continue;
            }
            long bytes = keptBytes.getOrDefault(id, 0L);
            if (bytes == 0) {
                toDelete.add(id);
                orphans += indexedPacks.contains(id) ? 0 : 1;
            } else if (bytes < options.rewriteThreshold() * pack.getValue()) {
                toRewrite.add(id);
            }
        }
        Map<String, Long> written = rewrite(toRewrite, kept);

        boolean changed = dropped > 0 || !toRewrite.isEmpty() || loaded.indexKeys().size() > 1;
        int indexesWritten = 0;
        if (changed) {
            indexesWritten = writeIndexes(kept);
            beforeDeleting.run();
            for (String key : loaded.indexKeys()) {
                store.delete(key);
            }
        }
        toDelete.addAll(toRewrite);
        if (!toDelete.isEmpty()) {
            beforeDeleting.run();
        }
        for (String pack : toDelete) {
            store.delete(RepositoryLayout.packKey(pack));
        }
        beforeDeleting.run();
        int abandoned = store.deleteAbandonedWrites(RepositoryLayout.ROOT, cutoff);
        long bytesBefore = packSizes.values().stream().mapToLong(Long::longValue).sum();
        long bytesAfter = bytesBefore + written.values().stream().mapToLong(Long::longValue).sum()
                - toDelete.stream().mapToLong(packSizes::get).sum();
        MaintenanceReport report = new MaintenanceReport(packSizes.size(), bytesBefore,
                packSizes.size() + written.size() - toDelete.size(), bytesAfter, dropped, toRewrite.size(),
                toDelete.size(), orphans, changed ? loaded.indexKeys().size() : 0, indexesWritten, 0, abandoned);
        LOG.info("maintenance of {}: {}", store.describe(), report);
        return report;
    }

    /**
     * The entries to keep (live, or in a pack too young to judge), noting every indexed pack and the
     * bytes kept in each. The set of live ids, the largest structure besides the index, goes on return.
     */
    private Map<ChunkId, ChunkLocation> kept(ChunkIndex index, LiveChunks live, Instant cutoff, Set<String> indexedPacks,
                                             Map<String, Long> keptBytes) {
        Set<ChunkId> liveSet = new HashSet<>();
        live.forEach(liveSet::add);
        Map<ChunkId, ChunkLocation> kept = new HashMap<>();
        index.forEach((id, loc) -> {
            indexedPacks.add(loc.pack());
            if (liveSet.contains(id) || isYoung(loc.pack(), cutoff)) {
                kept.put(id, loc);
                keptBytes.merge(loc.pack(), (long) loc.length(), Long::sum);
            }
        });
        return kept;
    }

    private Indexes.Loaded loadIndexes() {
        ExecutorService pool = Executors.newFixedThreadPool(4, dev.arca.repository.content.DaemonThreads.named("arca-maintain"));
        try {
            return Indexes.loadAll(store, codec, pool);
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, Long> listPacks() {
        Map<String, Long> sizes = new TreeMap<>();
        for (ObjectStore.ObjectInfo info : store.list(RepositoryLayout.PACKS)) {
            String id = RepositoryLayout.idOf(info.key());
            if (id != null) {
                sizes.put(id, info.size());
            }
        }
        return sizes;
    }

    /** Copies the kept chunks of {@code packs} into new packs and repoints {@code kept}; returns new packs' sizes. */
    private Map<String, Long> rewrite(Set<String> packs, Map<ChunkId, ChunkLocation> kept) {
        Map<String, List<Map.Entry<ChunkId, ChunkLocation>>> byPack = new TreeMap<>();
        for (Map.Entry<ChunkId, ChunkLocation> e : kept.entrySet()) {
            if (packs.contains(e.getValue().pack())) {
                byPack.computeIfAbsent(e.getValue().pack(), p -> new ArrayList<>()).add(e);
            }
        }
        Map<String, Long> written = new HashMap<>();
        PackBuilder builder = new PackBuilder(options.packSize());
        for (Map.Entry<String, List<Map.Entry<ChunkId, ChunkLocation>>> pack : byPack.entrySet()) {
            byte[] bytes = readPack(pack.getKey());
            for (Map.Entry<ChunkId, ChunkLocation> e : pack.getValue()) {
                ChunkLocation loc = e.getValue();
                if (loc.end() > bytes.length) {
                    throw new ArcaException.Corrupt("pack " + pack.getKey() + " in " + store.describe() + " is "
                            + bytes.length + " bytes but the index puts chunk " + e.getKey() + " up to " + loc.end()
                            + "; verify the repository before running maintenance again");
                }
                builder.append(e.getKey(), bytes, loc.offset(), loc.length(), loc.rawLength(), loc.compressed());
                if (builder.size() >= options.packSize()) {
                    builder = flushPack(builder, kept, written);
                }
            }
        }
        if (!builder.isEmpty()) {
            flushPack(builder, kept, written);
        }
        return written;
    }

    private PackBuilder flushPack(PackBuilder builder, Map<ChunkId, ChunkLocation> kept, Map<String, Long> written) {
        int size = builder.size();
        Map<ChunkId, ChunkLocation> located = builder.uploadPackOnly(store, options.clock());
        kept.putAll(located);
        written.put(located.values().iterator().next().pack(), (long) size);
        return new PackBuilder(options.packSize());
    }

    private byte[] readPack(String pack) {
        return store.getBytes(RepositoryLayout.packKey(pack));
    }

    private int writeIndexes(Map<ChunkId, ChunkLocation> kept) {
        int files = 0;
        Map<ChunkId, ChunkLocation> part = new HashMap<>();
        for (Map.Entry<ChunkId, ChunkLocation> e : kept.entrySet()) {
            part.put(e.getKey(), e.getValue());
            if (part.size() == MAX_ENTRIES_PER_INDEX) {
                Indexes.write(store, codec, options.clock(), part);
                files++;
                part.clear();
            }
        }
        if (!part.isEmpty() || files == 0) {
            Indexes.write(store, codec, options.clock(), part);
            files++;
        }
        return files;
    }

    private static boolean isYoung(String id, Instant cutoff) {
        return RepositoryLayout.created(id).isAfter(cutoff);
    }

    /**
     * How maintenance decides.
     * @param safetyDelay how old a pack must be before its unreferenced chunks are dropped or it is
     *        rewritten or deleted; longer than the longest backup
     * @param clock now, injected so tests can advance it
     * @param rewriteThreshold an old pack whose kept bytes are below this share of its size is rewritten
     * @param packSize the size of packs the rewrite writes
     */
    public record Options(Duration safetyDelay, Clock clock, double rewriteThreshold, int packSize) {
        public Options {
            if (safetyDelay.isNegative()) {
                throw new ArcaException.InvalidInput("safety delay " + safetyDelay + " is negative");
            }
            if (!(rewriteThreshold >= 0 && rewriteThreshold <= 1)) {
                throw new ArcaException.InvalidInput("rewrite threshold " + rewriteThreshold + " is outside 0..1");
            }
            if (packSize < 1024) {
                throw new ArcaException.InvalidInput("pack size " + packSize + " is below 1 KiB");
            }
            java.util.Objects.requireNonNull(clock, "clock");
        }

        /** A day's safety delay, packs below half live rewritten, 16 MiB packs. */
        public static Options defaults() {
            return new Options(Duration.ofHours(24), Clock.systemUTC(), 0.5, PackOptions.DEFAULT_PACK_SIZE);
        }

        public Options withSafetyDelay(Duration d) {
            return new Options(d, clock, rewriteThreshold, packSize);
        }

        public Options withClock(Clock c) {
            return new Options(safetyDelay, c, rewriteThreshold, packSize);
        }

        public Options withRewriteThreshold(double t) {
            return new Options(safetyDelay, clock, t, packSize);
        }

        public Options withPackSize(int bytes) {
            return new Options(safetyDelay, clock, rewriteThreshold, bytes);
        }
    }
}

package dev.arca.repository.content;

import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content store of a volume repository: chunks sealed by {@link ChunkCodec}, appended to packs
 * of about {@link PackOptions#packSize()} bytes, located through index files (see
 * {@link RepositoryLayout}).
 *
 * <p>{@link #put} hashes and compresses on the caller's thread, so parallel callers use every core,
 * reserves the chunk's room in the current pack under a short lock, and encrypts straight into
 * that room outside it (no second copy of the chunk per thread, and no copy into the pack).
 * A pack is uploaded once it is full and the last chunk reserved in it is in, on a small pool while
 * callers go on filling the next one; at most {@link PackOptions#maxInFlightPacks()} packs are in
 * flight and {@code put} blocks beyond that, so memory stays below about
 * {@code (maxInFlightPacks + 1) × packSize} whatever the amount of data. Each upload writes the
 * pack, then its index file; only then are its chunks durable.
 *
 * <p>{@link #get} of a chunk put in this session and not yet durable flushes first, then reads it
 * back from its pack.
 *
 * <p>On open every index file is loaded (in parallel) into memory ({@link ChunkIndex}): about 50
 * bytes a chunk, so 1 M chunks (≈ 1 TB of 1 MiB chunks) take ≈ 50 MB of heap.
 */
public final class PackedContentStore implements ContentStore {
    private static final Logger LOG = LoggerFactory.getLogger(PackedContentStore.class);

    private final ChunkCodec codec;
    private final ObjectStore store;
    private final PackOptions options;
    private final ExecutorService executor;
    private final ChunkIndex durable;
    private final Map<ChunkId, Boolean> pending = new ConcurrentHashMap<>();
    private final Object appendLock = new Object();
    private final Semaphore inFlight;
    private final Set<CompletableFuture<Void>> uploads = ConcurrentHashMap.newKeySet();
    /** Buffers of uploaded packs, for the next ones: a fresh 16 MiB array per pack cost its zeroing and G1 humongous regions. */
    private final Queue<byte[]> packBuffers = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final LongAdder chunks = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder newChunks = new LongAdder();
    private final LongAdder newBytes = new LongAdder();
    private final LongAdder storedBytes = new LongAdder();
    private Filling current;
    private volatile boolean closed;
    /** The index files behind {@link #durable}: those loaded, and those this store wrote since. */
    private final Set<String> indexesKnown = ConcurrentHashMap.newKeySet();

    private PackedContentStore(ChunkCodec codec, ObjectStore store, PackOptions options, ExecutorService executor,
                               Indexes.Loaded loaded) {
        this.codec = codec;
        this.store = store;
        this.options = options;
        this.executor = executor;
        this.durable = loaded.entries();
        this.indexesKnown.addAll(loaded.indexKeys());
        this.inFlight = new Semaphore(options.maxInFlightPacks());
        this.current = new Filling(newPack());
    }

    /** Opens the repository's content in {@code store}, loading every index file. */
    public static PackedContentStore open(RepositoryKeys keys, ObjectStore store, PackOptions options) {
        ExecutorService executor = Executors.newFixedThreadPool(options.uploadThreads(), DaemonThreads.named("arca-pack-upload"));
        try {
            ChunkCodec codec = new ChunkCodec(keys, options.zstdLevel());
            Indexes.Loaded loaded = Indexes.loadAll(store, codec, executor);
            LOG.info("opened volume repository in {}: {} chunks in {} index files", store.describe(),
                    loaded.entries().size(), loaded.indexKeys().size());
            return new PackedContentStore(codec, store, options, executor, loaded);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /** The codec this store seals with; the snapshot layer uses its {@link ChunkCodec#seal}. */
    public ChunkCodec codec() {
        return codec;
    }

    @Override
    public ChunkId put(byte[] data, int off, int len) {
        checkUsable();
        ChunkId id = codec.id(data, off, len);
        chunks.increment();
        bytes.add(len);
        if (contains(id)) {
            return id;
        }
        try (ChunkCodec.Body body = codec.compress(data, off, len)) { // its buffer is lent until sealed
            int storedLength = body.storedLength();
            Filling into;
            byte[] target;
            int at;
            synchronized (appendLock) {
                checkUsable();
                if (pending.putIfAbsent(id, Boolean.TRUE) != null) {
                    return id;
                }
                if (durable.contains(id)) { // became durable between the check and the claim
                    pending.remove(id);
                    return id;
                }
                try {
                    if (!current.pack.isEmpty() && (long) current.pack.size() + storedLength > options.packSize()) {
                        roll();
                    }
                    at = current.pack.reserve(id, storedLength, len, body.compressed());
                } catch (RuntimeException | Error e) { // nothing reserved: a pending id must always end up stored
                    pending.remove(id);
                    throw e;
                }
                into = current;
                target = into.pack.buffer();
                into.writers.incrementAndGet(); // from here on the pack waits for this chunk
            }
            try {
                newChunks.increment();
                newBytes.add(len);
                codec.sealInto(id, body, target, at); // outside the lock: threads seal into one pack side by side
            } catch (RuntimeException | Error e) {
                into.sealFailed = e;
                failure.compareAndSet(null, e);
                throw e;
            } finally {
                into.writerDone();
            }
        }
        return id;
    }

    @Override
    public ChunkId idOf(byte[] data, int off, int len) {
        return codec.id(data, off, len);
    }

    @Override
    public boolean contains(ChunkId id) {
        // pending first: an upload adds to durable before it removes from pending, so a chunk gone from
        // pending by the first check is in durable by the second
        return pending.containsKey(id) || durable.contains(id);
    }

    /** Where a durable chunk is, or null. */
    public ChunkLocation location(ChunkId id) {
        return durable.get(id);
    }

    /** How many chunks are durable (indexed), this session's included. */
    public int durableChunks() {
        return durable.size();
    }

    @Override
    public byte[] get(ChunkId id) {
        ChunkLocation loc = locate(id);
        return codec.decode(id, readStored(id, loc, new byte[loc.length()]), 0, loc.length(), loc.rawLength(), "pack " + loc.pack());
    }

    /**
     * Reads the stored form into {@code into}'s own array, which the plaintext then replaces: the
     * codec decrypts it in place. A buffer per reading thread for the stored form
     * held one more chunk per thread (five on a two-core restore) for as long as the thread lived.
     */
    @Override
    public void get(ChunkId id, ChunkBuffer into) {
        ChunkLocation loc = locate(id);
        codec.decode(id, readStored(id, loc, into.reset(loc.length())), 0, loc.length(), loc.rawLength(), "pack " + loc.pack(), into);
    }

    private ChunkLocation locate(ChunkId id) {
        boolean wasPending = pending.containsKey(id); // before durable, as in contains
        ChunkLocation loc = durable.get(id);
        if (loc == null && wasPending) {
            flush();
            loc = durable.get(id);
        }
        if (loc == null) {
            throw new ArcaException.NotFound("chunk " + id + " is not in the volume repository in " + store.describe()
                    + "; the snapshot naming it is damaged, or maintenance removed it; verify the repository");
        }
        return loc;
    }

    /** The chunk's stored form, read into {@code into}; a missing pack is corruption, since an index names it. */
    private byte[] readStored(ChunkId id, ChunkLocation loc, byte[] into) {
        try {
            store.getRange(RepositoryLayout.packKey(loc.pack()), loc.offset(), loc.length(), into);
        } catch (ArcaException.NotFound e) {
            throw new ArcaException.Corrupt("chunk " + id + " is in pack " + loc.pack() + ", which is missing from "
                    + store.describe() + "; verify the repository to list every affected chunk");
        }
        return into;
    }

    @Override
    public void flush() {
        synchronized (appendLock) {
            if (!current.pack.isEmpty()) {
                roll();
            }
        }
        for (CompletableFuture<Void> upload : List.copyOf(uploads)) {
            try {
                upload.join();
            } catch (RuntimeException e) {
                // recorded in failure, thrown below
            }
        }
        throwIfFailed();
    }

    /**
     * Whether an index file read at open (or at the last {@link #reload}), or written since, is gone: maintenance
     * deletes the index files it read whenever it drops or moves a chunk, and before it deletes
     * any pack they name, so while they are all there every chunk this store knows is where it
     * says. One listing of the index files.
     */
    public boolean indexesGone() {
        return !Set.copyOf(Indexes.list(store)).containsAll(Set.copyOf(indexesKnown));
    }

    /**
     * Rereads every index file after maintenance (this session's, or another process's while this
     * session's lock was lost) may have dropped or moved chunks: entries no index holds any more
     * are forgotten, so they are stored again rather than deduplicated against; moved ones are
     * repointed. Flushes first; chunks made durable while the files are read (by puts running
     * meanwhile) are kept with their index files, which maintenance, finished by then, did not touch.
     */
    public synchronized void reload() {
        flush();
        Set<String> knownBefore = Set.copyOf(indexesKnown);
        durable.markForReplace();
        Indexes.Loaded loaded;
        try {
            loaded = Indexes.loadAll(store, codec, executor);
            durable.replaceWith(loaded.entries());
        } finally {
            durable.abandonReplace(); // a no-op once replaced; after a failed read, nothing more is kept for a later one
        }
        Set<String> listed = Set.copyOf(loaded.indexKeys());
        indexesKnown.removeIf(key -> knownBefore.contains(key) && !listed.contains(key));
        indexesKnown.addAll(listed);
        LOG.info("reloaded volume repository index in {}: {} chunks in {} index files", store.describe(),
                loaded.entries().size(), loaded.indexKeys().size());
    }

    @Override
    public ContentStats stats() {
        return new ContentStats(chunks.sum(), newChunks.sum(), bytes.sum(), newBytes.sum(), storedBytes.sum());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            flush(); // throws a failed upload even when no put saw it
        } finally {
            closed = true;
            executor.shutdown();
            try {
                executor.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Under the append lock: starts a new pack; the full one is uploaded once the last chunk reserved in it is
     * sealed. Blocks while {@link PackOptions#maxInFlightPacks()} packs are already rolled and not yet uploaded.
     */
    private void roll() {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException.Transient("interrupted while waiting to upload a pack to " + store.describe(), e);
        }
        Filling full = current;
        try {
            Filling next = new Filling(newPack());
            uploads.add(full.done);
            current = next;
        } catch (RuntimeException | Error e) { // the permit would be lost, and the next roll wait for it forever
            uploads.remove(full.done);
            inFlight.release();
            throw e;
        }
        full.writerDone(); // the hold it had as the current pack
    }

    private PackBuilder newPack() {
        byte[] buffer = packBuffers.poll();
        // sized once: growing by doubling would copy each pack again
        return buffer != null ? new PackBuilder(buffer) : new PackBuilder(options.packSize());
    }

    /**
     * A pack and the chunks being sealed into it: one hold while it is the current pack, one per chunk reserved
     * and not yet sealed. The last hold released uploads it.
     */
    private final class Filling {
        final PackBuilder pack;
        final AtomicInteger writers = new AtomicInteger(1);
        final CompletableFuture<Void> done = new CompletableFuture<>();
        /** A chunk that could not be sealed into the pack: it holds a hole, and is never uploaded. */
        volatile Throwable sealFailed;

        Filling(PackBuilder pack) {
            this.pack = pack;
        }

        void writerDone() {
            if (writers.decrementAndGet() != 0) {
                return;
            }
            try {
                executor.execute(() -> upload(this));
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                finished(this, e);
            }
        }
    }

    private void upload(Filling filled) {
        PackBuilder pack = filled.pack;
        Throwable failed = filled.sealFailed;
        try {
            if (failed != null) {
                throw new ArcaException("a chunk could not be sealed into a pack for " + store.describe() + " (" + failed
                        + "); the pack was not uploaded, run the backup again", failed);
            }
            int size = pack.size();
            Map<ChunkId, ChunkLocation> located = pack.uploadPackOnly(store, options.clock());
            indexesKnown.add(Indexes.write(store, codec, options.clock(), located));
            durable.putAll(located);
            for (ChunkId id : located.keySet()) {
                pending.remove(id);
            }
            storedBytes.add(size);
            failed = null;
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
            failed = t;
        } finally {
            byte[] buffer = pack.detachBuffer();
            if (buffer != null && buffer.length == options.packSize()) {
                packBuffers.offer(buffer); // at most maxInFlightPacks + 1 packs exist, so the queue stays that small
            }
            finished(filled, failed);
        }
    }

    private void finished(Filling filled, Throwable failed) {
        if (failed == null) {
            filled.done.complete(null);
        } else {
            filled.done.completeExceptionally(failed);
        }
        uploads.remove(filled.done);
        inFlight.release();
    }

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("content store of " + store.describe() + " is closed");
        }
        throwIfFailed();
    }

    private void throwIfFailed() {
        Throwable t = failure.get();
        if (t instanceof ArcaException a) {
            throw a instanceof ArcaException.Transient
                    ? new ArcaException.Transient("a pack upload to " + store.describe() + " failed: " + a.getMessage(), a)
                    : a;
        }
        if (t != null) {
            throw new ArcaException("a pack upload to " + store.describe() + " failed: " + t
                    + "; run the backup again, chunks already stored are kept", t);
        }
    }
}

package dev.arca.repository.content;

import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pack being filled in memory: stored chunks back to back, and where each one is. Not
 * thread-safe: the content store reserves room under its lock (and threads then write their
 * chunks into {@link #buffer()} outside it, each into its own room), maintenance appends from one
 * thread.
 *
 * <p>The pack id, which carries the creation time, is drawn at {@link #upload}, not when filling
 * starts: a pack filled slowly must not look old to maintenance between its upload and its index.
 */
public final class PackBuilder {
    private final List<Entry> entries = new ArrayList<>();
    private static final int WRITE_SLICE = 256 * 1024;
    /**
     * Null until the first chunk: a store opened only to read (a restore, a verify) never fills a pack, and its
     * 8 or 16 MiB were 8 MiB of the mixed benchmark's restore peak.
     */
    private byte[] buf;
    private final int capacity;
    private int size;

    /** A pack whose buffer of {@code initialCapacity} bytes (at least 1 KiB) is allocated with its first chunk. */
    public PackBuilder(int initialCapacity) {
        this.capacity = Math.max(1024, initialCapacity);
    }

    /** A pack filled into {@code buffer} (its contents do not matter), e.g. one {@link #detachBuffer} gave back. */
    public PackBuilder(byte[] buffer) {
        this.buf = buffer;
        this.capacity = buffer.length;
    }

    /** Appends a stored chunk. */
    public void append(ChunkId id, byte[] stored, int off, int len, int rawLength, boolean compressed) {
        if (buf == null) {
            buf = new byte[Math.max(capacity, len)];
        } else if (buf.length - size < len) {
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) buf.length * 2, (long) size + len)));
        }
        System.arraycopy(stored, off, buf, size, len);
        entries.add(new Entry(id, size, len, rawLength, compressed));
        size += len;
    }

    /**
     * Makes room for a stored chunk of {@code len} bytes that the caller writes into {@link #buffer()} at the
     * offset returned, before the pack is uploaded (so several threads seal into one pack at once). Only an empty
     * pack grows to a chunk larger than its buffer: the buffer of a pack being written into never moves.
     */
    public int reserve(ChunkId id, int len, int rawLength, boolean compressed) {
        if (buf == null) {
            buf = new byte[Math.max(capacity, len)];
        } else if (buf.length - size < len) {
            if (size != 0) {
                throw new IllegalStateException("pack full: " + size + " bytes of " + buf.length + ", no room for " + len);
            }
            buf = new byte[len];
        }
        int at = size;
        entries.add(new Entry(id, at, len, rawLength, compressed));
        size += len;
        return at;
    }

    /** The pack's buffer, for writing a {@link #reserve reserved} chunk into (null before the first chunk). */
    public byte[] buffer() {
        return buf;
    }

    public int size() {
        return size;
    }

    public int chunks() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Uploads the pack, then its index: the order that makes a crash leave either an orphan pack
     * or a complete pack with its index, never an index without its pack.
     * @return the chunks now durable, and where
     */
    public Map<ChunkId, ChunkLocation> upload(ObjectStore store, ChunkCodec codec, Clock clock) {
        Map<ChunkId, ChunkLocation> located = uploadPackOnly(store, clock);
        Indexes.write(store, codec, clock, located);
        return located;
    }

    /**
     * Uploads the pack without an index file: its chunks are not durable until the caller writes
     * an index naming them (maintenance writes one merged index for many packs).
     */
    public Map<ChunkId, ChunkLocation> uploadPackOnly(ObjectStore store, Clock clock) {
        String packId = RepositoryLayout.newId(clock);
        Map<ChunkId, ChunkLocation> located = new HashMap<>(entries.size() * 2);
        for (Entry e : entries) {
            located.put(e.id, new ChunkLocation(packId, e.offset, e.length, e.rawLength, e.compressed));
        }
        String key = RepositoryLayout.packKey(packId);
        try (ObjectWriter w = store.writer(key)) {
            // in slices: a file channel copies what it is given into a native buffer of that size first, and keeps
            // it for the thread (two uploaders held 32 MiB of native memory for 16 MiB packs)
            for (int off = 0; off < size; off += WRITE_SLICE) {
                w.write(buf, off, Math.min(WRITE_SLICE, size - off));
            }
            w.commit();
        } catch (IOException e) {
            throw new ArcaException.Transient("cannot write pack " + key + " to " + store.describe()
                    + ": " + e.getMessage() + "; run the backup again, chunks already stored are kept", e);
        }
        return located;
    }

    /** The buffer, for the next pack, once this one is uploaded (null if it never held a chunk); the builder is unusable after. */
    public byte[] detachBuffer() {
        byte[] b = buf;
        buf = null;
        return b;
    }

    private record Entry(ChunkId id, int offset, int length, int rawLength, boolean compressed) {
    }
}

package dev.arca.repository.content;

import dev.arca.api.ArcaException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A content store in a map, for unit tests of the layers above content (plain SHA-256 ids, no packs). */
public final class MemoryContentStore implements ContentStore {
    private final Map<ChunkId, byte[]> chunks = new ConcurrentHashMap<>();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong newBytes = new AtomicLong();

    @Override
    public ChunkId put(byte[] data, int off, int len) {
        ChunkId id = idOf(data, off, len);
        offered.incrementAndGet();
        bytes.addAndGet(len);
        if (chunks.putIfAbsent(id, Arrays.copyOfRange(data, off, off + len)) == null) {
            added.incrementAndGet();
            newBytes.addAndGet(len);
        }
        return id;
    }

    @Override
    public ChunkId idOf(byte[] data, int off, int len) {
        return sha256(data, off, len);
    }

    /** A plain SHA-256 id: the stand-in for the keyed hash in tests of the upper layers. */
    public static ChunkId sha256(byte[] data, int off, int len) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(data, off, len);
            return ChunkId.of(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops every chunk whose bytes {@code test} accepts (a test's damaged repository); returns how many. */
    public int removeIf(java.util.function.Predicate<byte[]> test) {
        int before = chunks.size();
        chunks.values().removeIf(test);
        return before - chunks.size();
    }

    @Override
    public boolean contains(ChunkId id) {
        return chunks.containsKey(id);
    }

    @Override
    public byte[] get(ChunkId id) {
        byte[] data = chunks.get(id);
        if (data == null) {
            throw new ArcaException.NotFound("chunk " + id + " not found");
        }
        return data.clone();
    }

    /** Into the caller's buffer, as the packed store does, so that tests exercise the readers' reused buffers. */
    @Override
    public void get(ChunkId id, ChunkBuffer into) {
        byte[] data = chunks.get(id);
        if (data == null) {
            throw new ArcaException.NotFound("chunk " + id + " not found");
        }
        System.arraycopy(data, 0, into.reset(data.length), 0, data.length);
    }

    @Override
    public void flush() {
    }

    @Override
    public ContentStats stats() {
        return new ContentStats(offered.get(), added.get(), bytes.get(), newBytes.get(), newBytes.get());
    }

    /** How many distinct chunks are stored. */
    public int size() {
        return chunks.size();
    }

    @Override
    public void close() {
    }
}

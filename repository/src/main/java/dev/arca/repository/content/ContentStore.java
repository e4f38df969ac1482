package dev.arca.repository.content;

/**
 * Chunks by id: the content layer's seam, which the object and snapshot layers depend on.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #put} is thread-safe and deduplicates: a chunk whose id is already stored (durable
 *       or pending in this session) is not stored again;</li>
 *   <li>a chunk is compressed (zstd) only when that makes it smaller, and always encrypted
 *       (AES-256-GCM, a fresh nonce, its id as associated data), before it leaves the JVM;</li>
 *   <li>after {@link #flush()} returns, every chunk put before it is durable: in a pack and in an
 *       index file in the object store; a process killed before that leaves the repository
 *       valid, and a new session sees only durable chunks as present;</li>
 *   <li>{@link #get} authenticates what it reads: altered data is
 *       {@link dev.arca.api.ArcaException.Corrupt}, an unknown id
 *       {@link dev.arca.api.ArcaException.NotFound}.</li>
 * </ul>
 */
public interface ContentStore extends AutoCloseable {

    /** Stores the chunk unless already present, and returns its id. The array is not retained. */
    ChunkId put(byte[] data, int off, int len);

    /** The chunk's id without storing it (the keyed hash). */
    ChunkId idOf(byte[] data, int off, int len);

    /** True when the chunk is durable or pending in this session. */
    boolean contains(ChunkId id);

    /** The chunk's plaintext. */
    byte[] get(ChunkId id);

    /**
     * The chunk's plaintext into {@code into}, reusing its array where the store can (a restore
     * reads gigabytes chunk by chunk); by default {@link #get(ChunkId)}'s new array.
     */
    default void get(ChunkId id, ChunkBuffer into) {
        into.adopt(get(id));
    }

    /** Makes every chunk put so far durable (pack written, then its index). */
    void flush();

    /** What this session has stored so far. */
    ContentStats stats();

    /** Flushes, then releases threads; the store is unusable afterwards. */
    @Override
    void close();
}

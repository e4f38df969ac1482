package dev.arca.repository;

import dev.arca.repository.object.ChunkerParams;
import java.time.Clock;

/**
 * How a repository session works.
 *
 * @param threads   threads that read files and threads that hash, compress and encrypt chunks (each)
 * @param packSize  bytes per pack object before it is uploaded; 0 for the location's default ({@link #packSizeFor})
 * @param zstdLevel compression level for chunks (0: never compress)
 * @param chunker   content-defined chunking bounds (part of the repository's format: changing them ends dedup with older snapshots)
 * @param clock     time source for snapshot times and pack ages
 */
public record RepositoryOptions(int threads, int packSize, int zstdLevel, ChunkerParams chunker, Clock clock) {
    /** A pack for an object store: fewer, larger requests. */
    static final int REMOTE_PACK_SIZE = 16 << 20;
    /**
     * A pack for a directory: a pack is built in memory, and a file costs no request; two packs of
     * 16 MiB (one filling, one written) were a fifth of a backup's peak RSS.
     */
    static final int LOCAL_PACK_SIZE = 8 << 20;

    public RepositoryOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        if (packSize < 0) {
            throw new IllegalArgumentException("packSize must not be negative, got " + packSize);
        }
    }

    /** The pack size for a location: {@link #packSize()} when set, else by whether the location is a local directory. */
    public int packSizeFor(boolean localLocation) {
        return packSize > 0 ? packSize : localLocation ? LOCAL_PACK_SIZE : REMOTE_PACK_SIZE;
    }

    public static RepositoryOptions defaults() {
        return new RepositoryOptions(Math.max(2, Runtime.getRuntime().availableProcessors()), 0, 1, ChunkerParams.DEFAULT,
                Clock.systemUTC());
    }

    public RepositoryOptions withPackSize(int bytes) {
        return new RepositoryOptions(threads, bytes, zstdLevel, chunker, clock);
    }

    public RepositoryOptions withChunker(ChunkerParams params) {
        return new RepositoryOptions(threads, packSize, zstdLevel, params, clock);
    }

    public RepositoryOptions withClock(Clock c) {
        return new RepositoryOptions(threads, packSize, zstdLevel, chunker, c);
    }

    public RepositoryOptions withZstdLevel(int level) {
        return new RepositoryOptions(threads, packSize, level, chunker, clock);
    }
}

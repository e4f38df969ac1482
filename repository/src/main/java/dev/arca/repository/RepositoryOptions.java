package dev.arca.repository;

import dev.arca.repository.object.ChunkerParams;
import java.time.Clock;

/**
 * How a repository session works.
 *
 * @param threads   threads that read files and threads that hash, compress and encrypt chunks (each)
 * @param packSize  bytes per pack object before it is uploaded
 * @param zstdLevel compression level for chunks (0: never compress)
 * @param chunker   content-defined chunking bounds (part of the repository's format: changing them ends dedup with older snapshots)
 * @param clock     time source for snapshot times and pack ages
 */
public record RepositoryOptions(int threads, int packSize, int zstdLevel, ChunkerParams chunker, Clock clock) {
    public RepositoryOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
    }

    public static RepositoryOptions defaults() {
        return new RepositoryOptions(Math.max(2, Runtime.getRuntime().availableProcessors()), 16 << 20, 1, ChunkerParams.DEFAULT,
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

package dev.arca.repository.maintenance;

import dev.arca.repository.content.ChunkId;
import java.util.function.Consumer;

/**
 * Every chunk some snapshot still needs. The caller implements it by walking the snapshots (and
 * their objects); maintenance does not know what a snapshot is. Repeating an id is harmless.
 */
@FunctionalInterface
public interface LiveChunks {
    void forEach(Consumer<ChunkId> sink);
}

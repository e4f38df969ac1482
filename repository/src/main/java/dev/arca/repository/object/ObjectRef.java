package dev.arca.repository.object;

import dev.arca.repository.content.ChunkId;
import java.util.List;

/** A stored byte stream: its chunks in order and its total length. */
public record ObjectRef(List<ChunkId> chunks, long length) {
    public static final ObjectRef EMPTY = new ObjectRef(List.of(), 0);

    public ObjectRef {
        chunks = List.copyOf(chunks);
        if (length < 0) {
            throw new IllegalArgumentException("negative object length " + length);
        }
    }
}

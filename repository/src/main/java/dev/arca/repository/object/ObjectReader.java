package dev.arca.repository.object;

import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.ContentStore;
import java.io.IOException;
import java.io.OutputStream;

/** Reads a stored byte stream back in order. */
public final class ObjectReader {
    private final ContentStore store;

    public ObjectReader(ContentStore store) {
        this.store = store;
    }

    /** Writes the object's bytes to {@code out}. */
    public void copyTo(ObjectRef ref, OutputStream out) throws IOException {
        for (ChunkId id : ref.chunks()) {
            out.write(store.get(id));
        }
    }

    /** The whole (small) object, e.g. a directory listing. */
    public byte[] readAll(ObjectRef ref) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(ref.length(), Integer.MAX_VALUE - 8));
        try {
            copyTo(ref, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

package dev.arca.repository.object;

import dev.arca.repository.content.ContentStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream into chunks and stores them; thread-safe, one call per stream.
 * PLACEHOLDER: fixed-size cuts, sequential; replaced by FastCDC and a bounded parallel pipeline.
 */
public final class ObjectWriter {
    private final ContentStore store;
    private final ChunkerParams params;

    public ObjectWriter(ContentStore store, ChunkerParams params) {
        this.store = store;
        this.params = params;
    }

    public ObjectRef write(InputStream in) throws IOException {
        List<dev.arca.repository.content.ChunkId> ids = new ArrayList<>();
        long length = 0;
        byte[] buf;
        while ((buf = in.readNBytes(params.avg())).length > 0) {
            ids.add(store.put(buf, 0, buf.length));
            length += buf.length;
        }
        return new ObjectRef(ids, length);
    }

    public ObjectRef write(byte[] data) {
        try {
            return write(new ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

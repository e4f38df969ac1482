package dev.arca.storage.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Storage.BlobWriteOption;
import dev.arca.storage.ObjectWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming write to GCS through one resumable upload (the library's {@link WriteChannel}).
 *
 * <p>How a writer closed without commit leaves nothing visible: GCS creates the object of a
 * resumable upload only when the upload is finalized, that is when a request carries the last
 * bytes together with the total size. The library sends that request only from {@link
 * WriteChannel#close()}, so {@link #commit()} closes the channel and {@link #close()} without a
 * commit drops the channel without closing it. The library starts the upload session when the
 * writer opens and sends whole chunks as they fill; what was sent stays in a session that was
 * never finalized, which is not an object: it is never listed nor readable, does not replace an
 * object of the same name, and GCS discards it when the session expires, a week after it began.
 * (The library's WriteChannel has no call to cancel a session early.) The alternative of uploading
 * under a temporary name and copying on commit was rejected: the temporary object would be visible
 * while it is written, and left behind by a crash.
 *
 * <p>Holds at most one chunk in memory (the library's buffer). Not thread-safe.
 */
final class GcsWriter extends ObjectWriter {
    private static final Logger LOG = LoggerFactory.getLogger(GcsWriter.class);

    private final GcsObjectStore store;
    private final String key;
    private WriteChannel channel;
    private boolean committed;
    private boolean closed;
    /** A write or the finalizing failed: committing now could publish an object missing bytes. */
    private boolean failed;

    GcsWriter(GcsObjectStore store, String key, int chunkSize) {
        this.store = store;
        this.key = key;
        try {
            this.channel = store.storage().writer(store.info(key), BlobWriteOption.disableGzipContent());
        } catch (RuntimeException e) {
            throw store.writeFailure("start an upload of", key, e);
        }
        this.channel.setChunkSize(chunkSize);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureWritable();
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw store.writeFailure("write", key, e);
        }
    }

    @Override
    public void commit() {
        if (committed) {
            return;
        }
        ensureOpen();
        if (failed) {
            throw new IllegalStateException("a write to " + key + " in " + store.describe()
                    + " failed, so it cannot be committed; close the writer and write the object again");
        }
        try {
            channel.close(); // sends the last chunk and finalizes the upload: now the object exists
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw store.writeFailure("finish the upload of", key, e);
        }
        committed = true;
        channel = null;
        store.sawBucket();
    }

    /** Aborts unless committed: the upload is abandoned, never finalized (see the class comment). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!committed) {
            LOG.debug("abandoning the upload of {} in {}: it is never finalized", key, store.describe());
            channel = null;
        }
    }

    private void ensureWritable() {
        ensureOpen();
        if (committed) {
            throw new IllegalStateException("the object " + key + " in " + store.describe() + " is committed already");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the writer of " + key + " in " + store.describe() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "writer of " + key + " in " + store.describe() + (committed ? " (committed)" : closed ? " (aborted)" : "");
    }
}

package dev.arca.storage;

import dev.arca.api.ArcaException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The buffering shared by providers that upload an object in parts (S3 multipart uploads, Azure
 * blocks): bytes fill a buffer of one part; when it is full and more bytes come, the part is sent.
 * On commit an object that fit in the buffer goes up whole, a larger one as its last part and then
 * the provider's "complete" call, which makes it visible. Closing without a commit lets the
 * provider abort what was sent. Holds at most one part in memory; the buffer grows to it as needed.
 */
public abstract class PartedWriter extends ObjectWriter {
    private static final int INITIAL_BUFFER = 64 * 1024;
    protected final String key;
    private final String where;
    private final int partSize;
    private final int maxParts;
    private final String limit;
    private byte[] buffer;
    private int filled;
    private int partsSent;
    /** A part was attempted, sent or not: the provider may hold an upload (started, or with a part that landed) to abort. */
    private boolean partsStarted;
    private boolean committed;
    private boolean closed;

    /**
     * @param where    the store's description, for messages
     * @param maxParts the provider's limit of parts per object
     * @param limit    how messages name that limit, e.g. "S3's limit for one object"
     */
    protected PartedWriter(String key, String where, int partSize, int maxParts, String limit) {
        this.key = key;
        this.where = where;
        this.partSize = partSize;
        this.maxParts = maxParts;
        this.limit = limit;
        this.buffer = new byte[Math.min(partSize, INITIAL_BUFFER)];
    }

    /** Uploads an object that fit in one buffer, in a single request. */
    protected abstract void putWhole(byte[] data, int size);

    /** Sends part {@code number} (from 1); {@code data} is reused after the call returns. */
    protected abstract void sendPart(int number, byte[] data, int size);

    /** Makes the object of the parts sent so far visible. */
    protected abstract void completeParts();

    /**
     * Called on close without commit once a part was attempted, even when that first attempt
     * failed or the commit's "complete" call did; by default nothing (the service drops them).
     */
    protected void abortParts() {
    }

    @Override
    public void write(int b) {
        ensureWritable();
        makeRoom();
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureWritable();
        while (len > 0) {
            makeRoom();
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void commit() {
        if (committed) {
            return;
        }
        ensureOpen();
        if (partsSent == 0) {
            putWhole(buffer, filled);
        } else {
            if (filled > 0) {
                send();
            }
            completeParts();
        }
        committed = true;
        buffer = null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffer = null;
        if (!committed && partsStarted) {
            abortParts();
        }
    }

    /** Grows a full buffer up to the part size (small objects stay small), or sends it as a part. */
    private void makeRoom() {
        if (filled < buffer.length) {
            return;
        }
        if (buffer.length < partSize) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(partSize, 2L * buffer.length));
        } else {
            send();
        }
    }

    private void send() {
        if (partsSent == maxParts) {
            throw new ArcaException.InvalidInput("object " + key + " in " + where + " is larger than " + maxParts
                    + " parts of " + partSize + " bytes, " + limit + "; write it in pieces");
        }
        partsStarted = true;
        sendPart(partsSent + 1, buffer, filled);
        partsSent++;
        filled = 0;
    }

    private void ensureWritable() {
        ensureOpen();
        if (committed) {
            throw new IllegalStateException("the object " + key + " in " + where + " is committed already");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the writer of " + key + " in " + where + " is closed");
        }
    }
}

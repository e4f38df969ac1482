package dev.arca.storage;

import java.io.OutputStream;

/**
 * A streaming write of one object. Bytes written are invisible until {@link #commit()} returns;
 * {@link #close()} without a commit aborts and leaves no object (nor any partial upload) behind.
 * Not thread-safe.
 */
public abstract class ObjectWriter extends OutputStream {
    /** Makes the object visible under its key. Idempotent. */
    public abstract void commit();

    /** Aborts unless committed. */
    @Override
    public abstract void close();
}

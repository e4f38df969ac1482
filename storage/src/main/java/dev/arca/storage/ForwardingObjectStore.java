package dev.arca.storage;

import java.io.InputStream;
import java.util.List;
import java.util.OptionalLong;

/**
 * A decorator base that forwards every call to another store; a decorator overrides only the
 * calls it changes (refusing writes, recording deletes, ...). A range read into the caller's array
 * is not forwarded: it goes through {@link #getRange(String, long, int)}, so a decorator that
 * changes reads overrides that one; one that leaves reads alone may forward it too.
 */
public abstract class ForwardingObjectStore implements ObjectStore {
    protected final ObjectStore delegate;

    protected ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void put(String key, byte[] data) {
        delegate.put(key, data);
    }

    @Override
    public boolean createIfAbsent(String key, byte[] data) {
        return delegate.createIfAbsent(key, data);
    }

    @Override
    public ObjectWriter writer(String key) {
        return delegate.writer(key);
    }

    @Override
    public InputStream get(String key) {
        return delegate.get(key);
    }

    @Override
    public InputStream get(String key, long offset) {
        return delegate.get(key, offset);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        return delegate.getRange(key, offset, length);
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public int deleteAbandonedWrites(String prefix, java.time.Instant olderThan) {
        return delegate.deleteAbandonedWrites(prefix, olderThan);
    }

    @Override
    public OptionalLong freeBytes() {
        return delegate.freeBytes();
    }

    @Override
    public boolean local() {
        return delegate.local();
    }

    @Override
    public boolean writable() {
        return delegate.writable();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

package dev.arca.storage;

import dev.arca.api.ArcaException;
import java.io.InputStream;
import java.util.List;

/** Decorator for a restore-only location: reads pass through, every write is refused. */
public final class ReadOnlyObjectStore implements ObjectStore {
    private final ObjectStore delegate;
    private final String location;

    public ReadOnlyObjectStore(ObjectStore delegate, String location) {
        this.delegate = delegate;
        this.location = location;
    }

    private ArcaException refused(String key) {
        return new ArcaException.InvalidInput("location \"" + location + "\" is ReadOnly: refusing to write "
                + key + "; use another location or set its access mode to ReadWrite");
    }

    @Override
    public String describe() {
        return delegate.describe() + " (read-only)";
    }

    @Override
    public void put(String key, byte[] data) {
        throw refused(key);
    }

    @Override
    public ObjectWriter writer(String key) {
        throw refused(key);
    }

    @Override
    public InputStream get(String key) {
        return delegate.get(key);
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
        throw refused(key);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

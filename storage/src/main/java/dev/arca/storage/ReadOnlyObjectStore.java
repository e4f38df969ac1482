package dev.arca.storage;

import dev.arca.api.ArcaException;

/** Decorator for a restore-only location: reads pass through, every write is refused. */
public final class ReadOnlyObjectStore extends ForwardingObjectStore {
    private final String location;

    public ReadOnlyObjectStore(ObjectStore delegate, String location) {
        super(delegate);
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
    public boolean writable() {
        return false;
    }

    @Override
    public void getRange(String key, long offset, int length, byte[] into) {
        delegate.getRange(key, offset, length, into);
    }

    @Override
    public void put(String key, byte[] data) {
        throw refused(key);
    }

    @Override
    public boolean createIfAbsent(String key, byte[] data) {
        throw refused(key);
    }

    @Override
    public ObjectWriter writer(String key) {
        throw refused(key);
    }

    @Override
    public void delete(String key) {
        throw refused(key);
    }

    /** Leaves them: whoever writes to the location (it is ReadWrite there) cleans its own leftovers. */
    @Override
    public int deleteAbandonedWrites(String prefix, java.time.Instant olderThan) {
        return 0;
    }
}

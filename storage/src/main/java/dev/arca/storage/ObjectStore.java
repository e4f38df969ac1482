package dev.arca.storage;

import java.io.InputStream;
import java.util.List;

/**
 * A flat namespace of keys to immutable byte objects: a directory, a bucket, a container.
 *
 * <p>Guarantees every provider keeps (checked by the shared contract test):
 * <ul>
 *   <li>atomic put: an object is either absent or complete; a writer that is closed without
 *       {@link ObjectWriter#commit()} leaves nothing visible;</li>
 *   <li>atomic create-if-absent: of racing {@link #createIfAbsent} calls on one key, one wins;</li>
 *   <li>read-after-write: once {@code put} or {@code commit} returns, {@code get}, {@code exists}
 *       and {@code list} see the object;</li>
 *   <li>no partial listing: {@code list} returns every key under the prefix or throws;</li>
 *   <li>not-found is {@link dev.arca.api.ArcaException.NotFound}, never a transient error;</li>
 *   <li>keys are '/'-separated relative paths without "..", "." or empty segments.</li>
 * </ul>
 * Implementations are thread-safe. Messages name the store by {@link #describe()}, which never
 * contains a secret.
 */
public interface ObjectStore extends AutoCloseable {

    /** A human description without secrets, e.g. {@code dir /var/arca} or {@code s3 bucket b (http://..)}. */
    String describe();

    /** Stores {@code data} under {@code key}, replacing any previous object; see {@link #createIfAbsent} for the conditional form. */
    void put(String key, byte[] data);

    /**
     * Stores {@code data} under {@code key} only if no object has that key: the way to create an
     * object that must never be replaced (a repository's keys, a lock). Atomic against a concurrent
     * creator of the same key on every provider: of several racing calls exactly one returns
     * {@code true}, and the object then holds that call's bytes, complete (never a partial object,
     * never a mix). An object that already exists is left untouched.
     *
     * @return {@code true} if this call created the object, {@code false} if an object already existed
     */
    boolean createIfAbsent(String key, byte[] data);

    /** Opens a streaming writer for an object of unknown length; see {@link ObjectWriter}. */
    ObjectWriter writer(String key);

    /** Opens the object for reading. @throws dev.arca.api.ArcaException.NotFound if absent */
    InputStream get(String key);

    /**
     * Opens the object for reading from byte {@code offset} to its end: how an interrupted download
     * resumes without fetching again what it already has. An offset at or past the end gives an
     * empty stream. Providers with ranged reads override this; the default reads and drops the
     * first {@code offset} bytes.
     * @throws dev.arca.api.ArcaException.NotFound if absent
     */
    default InputStream get(String key, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " of " + key);
        }
        InputStream in = get(key);
        try {
            in.skipNBytes(offset);
            return in;
        } catch (java.io.EOFException e) {
            Ranges.closeQuietly(in);
            return InputStream.nullInputStream();
        } catch (java.io.IOException e) {
            Ranges.closeQuietly(in);
            throw new dev.arca.api.ArcaException.Transient("cannot read " + key + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** Reads a whole (small) object. @throws dev.arca.api.ArcaException.NotFound if absent */
    default byte[] getBytes(String key) {
        try (InputStream in = get(key)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new dev.arca.api.ArcaException.Transient("cannot read " + key + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code length} bytes starting at {@code offset}: a piece of a large object (a chunk in a
     * pack) without fetching the rest. Providers with ranged reads override this.
     *
     * <p>A range read may be served from a file (or connection) that an earlier range read of the
     * same key opened and kept: an object replaced or deleted through this store is read afresh,
     * but one replaced or deleted by another process may still be read as it was. Range reads are
     * meant for objects that never change once written: the callers read packs, whose keys are new
     * ids and which are only ever deleted, never rewritten.
     * @throws dev.arca.api.ArcaException.NotFound if absent
     * @throws dev.arca.api.ArcaException.Corrupt if the object is shorter than {@code offset + length}
     */
    default byte[] getRange(String key, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length + " of " + key);
        }
        try (InputStream in = get(key)) {
            in.skipNBytes(offset);
            byte[] out = in.readNBytes(length);
            return Ranges.checkLength(this, key, offset, length, out);
        } catch (java.io.EOFException e) {
            throw Ranges.shortObject(this, key, offset, length);
        } catch (java.io.IOException e) {
            throw new dev.arca.api.ArcaException.Transient("cannot read " + key + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@link #getRange(String, long, int)} into {@code into[0..length)}: for a caller that reads
     * range after range into one buffer (a restore, chunk by chunk) instead of a new array each.
     * Providers that can read into the caller's array override it.
     */
    default void getRange(String key, long offset, int length, byte[] into) {
        System.arraycopy(getRange(key, offset, length), 0, into, 0, length);
    }

    boolean exists(String key);

    /** Every object whose key starts with {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String prefix);

    /** Deletes the object; deleting an absent key is not an error. */
    void delete(String key);

    /**
     * Removes what writers that never committed nor closed left behind under {@code prefix} (a
     * process killed mid-write): temporary files, incomplete multipart uploads. Only leftovers
     * begun before {@code olderThan} go, so a write in progress is safe as long as the caller's
     * cutoff is older than the longest write (maintenance uses its safety delay). Never touches a
     * committed object: {@code get}, {@code list} and {@code exists} answer the same afterwards.
     * Providers whose leftovers are invisible and expire on their own keep the default, which
     * does nothing.
     *
     * @return how many leftovers were removed
     */
    default int deleteAbandonedWrites(String prefix, java.time.Instant olderThan) {
        return 0;
    }

    /** Free space where the provider tells it (a directory's file system); empty otherwise. */
    default java.util.OptionalLong freeBytes() {
        return java.util.OptionalLong.empty();
    }

    /**
     * True for a directory location: a write is a copy into the page cache and an fsync, not a
     * request, so a writer needs fewer of them in flight (on a network file system mounted there,
     * the fsync is the round trip).
     */
    default boolean local() {
        return false;
    }

    /**
     * False when every write is refused (a ReadOnly location): a reader then keeps what it would
     * write (leases, logs, records) elsewhere instead of failing on the first write.
     */
    default boolean writable() {
        return true;
    }

    /** Releases connections; the store is unusable afterwards. */
    @Override
    default void close() {
    }

    /** One stored object. */
    record ObjectInfo(String key, long size) {
    }
}

package dev.arca.storage.crypto;

import com.google.crypto.tink.StreamingAead;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Unwrapped location keys, for a process that opens the same locations again and again: the server
 * opens a location for every backup, restore, sync and validation (once a minute by default), and
 * without this each open derived the key-encryption key with scrypt again, 64 MiB and 0.3-0.6 s
 * of CPU at the default cost (docs/performance.md, "Opening an encrypted location").
 *
 * <p>An entry is found only by the key file's exact bytes together with the same passphrase: a
 * rotated key file, a changed passphrase or another location misses and is unwrapped, and so
 * checked, again; a wrong passphrase is never let through by an entry of the right one. The
 * passphrase is not kept: entries are named by SHA-256 over a salt random per cache, the key file
 * and the passphrase. The unwrapped keys are in memory, as they are anyway while a store is open.
 * At most {@code capacity} entries, the least recently used dropped first, and none unused for an
 * hour. Thread-safe; opens that miss at once wait for one unwrap.
 */
public final class LocationKeyCache {
    /** Keys not asked for this long are dropped: a deleted location's, a replaced key file's. */
    static final long IDLE_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] salt = new byte[32];
    private final Map<String, Entry> entries;
    private final long idleNanos;

    /** An unwrap, done or under way (the opens that miss together wait for one), and when it was last asked for. */
    private static final class Entry {
        final CompletableFuture<StreamingAead> keys = new CompletableFuture<>();
        long used = System.nanoTime();
    }

    public LocationKeyCache(int capacity) {
        this(capacity, IDLE_NANOS);
    }

    LocationKeyCache(int capacity, long idleNanos) {
        this.idleNanos = idleNanos;
        if (capacity < 1) {
            throw new IllegalArgumentException("a key cache holds at least one entry, not " + capacity);
        }
        RANDOM.nextBytes(salt);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The keys of {@code keyFile} under {@code passphrase}: kept ones, or {@code unwrap}'s, then
     * kept. An unwrap that fails is not kept; the opens that waited for it get its exception.
     */
    StreamingAead get(byte[] keyFile, char[] passphrase, Supplier<StreamingAead> unwrap) {
        String name = name(keyFile, passphrase);
        Entry entry;
        boolean mine = false;
        synchronized (entries) {
            long now = System.nanoTime();
            entries.values().removeIf(e -> now - e.used > idleNanos);
            entry = entries.get(name);
            if (entry == null) {
                entry = new Entry();
                entries.put(name, entry);
                mine = true;
            }
            entry.used = now;
        }
        if (mine) { // outside the lock: the cache's hits must not wait for an unwrap
            try {
                entry.keys.complete(unwrap.get());
            } catch (Throwable e) { // whatever it is, waiters must not wait forever
                forget(name, entry);
                entry.keys.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return entry.keys.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void forget(String name, Entry entry) {
        synchronized (entries) {
            entries.remove(name, entry);
        }
    }

    /** How many entries it holds. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private String name(byte[] keyFile, char[] passphrase) {
        MessageDigest sha = sha256();
        sha.update(salt);
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(keyFile.length).array());
        sha.update(keyFile);
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        try {
            sha.update(encoded.duplicate());
        } finally {
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
        return Base64.getEncoder().encodeToString(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256 (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}

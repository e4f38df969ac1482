package dev.arca.storage.crypto;

import com.google.crypto.tink.StreamingAead;
import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Encrypts every object on its way into the wrapped store and authenticates it on its way out,
 * with Tink's streaming AEAD. The object's key is the associated data, so an object moved or
 * copied to another key fails to decrypt just like an altered, truncated or foreign one: that
 * surfaces as {@link ArcaException.Corrupt} naming the key, never as plaintext. Keys, the listing
 * and object sizes (ciphertext) stay visible to the provider; contents, manifests and logs do not.
 * The location's key files ({@link KeyFile#KEY}, {@link KeyFile#PREVIOUS}) are not objects of this
 * store: they are left out of listings and cannot be read or written through it.
 */
public final class EncryptedObjectStore implements ObjectStore {
    private final ObjectStore inner;
    private final StreamingAead aead;

    public EncryptedObjectStore(ObjectStore inner, StreamingAead aead) {
        this.inner = inner;
        this.aead = aead;
    }

    @Override
    public String describe() {
        return inner.describe() + " (encrypted)";
    }

    /**
     * The storage under the encryption, for data that is sealed by its own keys (the volume
     * repository's packs): ciphertext read through it stays ciphertext.
     */
    public ObjectStore unencrypted() {
        return inner;
    }

    /** Encrypts in memory, then stores the ciphertext with one {@code put}, which the store below may retry whole. */
    @Override
    public void put(String key, byte[] data) {
        inner.put(key, seal(key, data));
    }

    /** Encrypts {@code data} (with a fresh nonce, so no two creators send the same bytes) and creates it below. */
    @Override
    public boolean createIfAbsent(String key, byte[] data) {
        return inner.createIfAbsent(key, seal(key, data));
    }

    private byte[] seal(String key, byte[] data) {
        java.io.ByteArrayOutputStream sealed = new java.io.ByteArrayOutputStream(data.length + data.length / 64 + 1024);
        try (OutputStream encrypting = aead.newEncryptingStream(sealed, ad(notKeyFile(key)))) {
            encrypting.write(data);
        } catch (GeneralSecurityException | IOException e) {
            throw new ArcaException("cannot encrypt " + key + ": " + e.getMessage(), e);
        }
        return sealed.toByteArray();
    }

    @Override
    public ObjectWriter writer(String key) {
        ObjectWriter raw = inner.writer(notKeyFile(key));
        try {
            OutputStream encrypting = aead.newEncryptingStream(new FilterOutputStream(raw) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.flush(); // the raw writer is committed or aborted by its owner, not closed here
                }
            }, ad(key));
            return new Writer(raw, encrypting);
        } catch (GeneralSecurityException | IOException e) {
            raw.close();
            throw new ArcaException("cannot start encrypting " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream get(String key) {
        Ciphertext raw = new Ciphertext(inner.get(notKeyFile(key)));
        try {
            return new Authenticated(aead.newDecryptingStream(raw, ad(key)), key, raw);
        } catch (GeneralSecurityException | IOException e) {
            closeQuietly(raw);
            throw raw.failure == null ? corrupt(key) : cut(key, raw.failure);
        }
    }

    @Override
    public boolean exists(String key) {
        return inner.exists(notKeyFile(key));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return inner.list(prefix).stream().filter(o -> !KeyFile.isKeyFile(o.key())).toList();
    }

    @Override
    public void delete(String key) {
        inner.delete(notKeyFile(key));
    }

    /** Leftovers are ciphertext that was never committed: the store below removes them as they are. */
    @Override
    public int deleteAbandonedWrites(String prefix, java.time.Instant olderThan) {
        return inner.deleteAbandonedWrites(prefix, olderThan);
    }

    private static String notKeyFile(String key) {
        if (KeyFile.isKeyFile(key)) {
            throw new ArcaException.InvalidInput(key + " is the location's key file, not an object; it is managed by "
                    + "'arca location add' and 'arca location rotate-key'");
        }
        return key;
    }

    @Override
    public boolean writable() {
        return inner.writable();
    }

    @Override
    public boolean local() {
        return inner.local();
    }

    @Override
    public void close() {
        inner.close();
    }

    private static byte[] ad(String key) {
        return ("arca object " + key).getBytes(StandardCharsets.UTF_8);
    }

    private ArcaException corrupt(String key) {
        return new ArcaException.Corrupt("object " + key + " in " + describe() + " failed authentication: it was altered, "
                + "truncated, moved from another key, or encrypted with another location's key");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    private ArcaException.Transient cut(String key, Exception failure) {
        return new ArcaException.Transient("cannot read object " + key + " from " + describe() + ": reading it failed ("
                + failure.getMessage() + "); try again", failure);
    }

    /**
     * The ciphertext as the store delivers it, remembering a failure to deliver it: the decrypting
     * stream reports both that and tampering as an IOException, and only this tells them apart.
     */
    private static final class Ciphertext extends FilterInputStream {
        private volatile Exception failure;

        Ciphertext(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** Decrypted bytes; a failure is an I/O one ({@link ArcaException.Transient}) when reading the ciphertext failed, else tampering. */
    private final class Authenticated extends FilterInputStream {
        private final String key;
        private final Ciphertext source;

        Authenticated(InputStream decrypting, String key, Ciphertext source) {
            super(decrypting);
            this.key = key;
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw failed();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw failed();
            }
        }

        private ArcaException failed() {
            return source.failure == null ? corrupt(key) : cut(key, source.failure);
        }
    }

    private static final class Writer extends ObjectWriter {
        private final ObjectWriter raw;
        private final OutputStream encrypting;
        private boolean committed;

        Writer(ObjectWriter raw, OutputStream encrypting) {
            this.raw = raw;
            this.encrypting = encrypting;
        }

        @Override
        public void write(int b) throws IOException {
            encrypting.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            encrypting.write(b, off, len);
        }

        @Override
        public void commit() {
            if (committed) {
                return;
            }
            try {
                encrypting.close(); // writes the final, authenticated segment
            } catch (IOException e) {
                throw new ArcaException("cannot finish encrypting an object: " + e.getMessage(), e);
            }
            raw.commit();
            committed = true;
        }

        @Override
        public void close() {
            raw.close();
        }
    }
}

package dev.arca.repository.content;

import com.github.luben.zstd.Zstd;
import dev.arca.api.ArcaException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns plaintext into what is stored, and back: the keyed hash that names a chunk, and the
 * chunk's stored form.
 *
 * <p>Stored chunk: {@code nonce(12) || AES-256-GCM(header(1) || body) || tag(16)}, with the chunk
 * id's 32 bytes as associated data, so a chunk cannot be swapped for another. The header is
 * {@value #RAW} when the body is the plaintext, {@value #ZSTD} when it is zstd, which is used only
 * when it saves at least 1/32 of the size. Decompression needs the plaintext length, which the
 * index keeps.
 *
 * <p>{@link #seal}/{@link #open} encrypt small blobs (index files, snapshot manifests) with the
 * same data key and a caller-chosen associated data.
 *
 * <p>Thread-safe; each thread keeps its own {@link Mac}, {@link Cipher} and scratch buffer, since
 * creating them per call costs more than the work on a small chunk.
 */
public final class ChunkCodec {
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    /** Bytes a stored chunk or sealed blob has beyond its (possibly compressed) plaintext. */
    public static final int OVERHEAD = NONCE_BYTES + TAG_BYTES + 1;
    static final byte RAW = 0;
    static final byte ZSTD = 1;

    private final SecretKeySpec dataKey;
    private final int zstdLevel;
    private final ThreadLocal<Mac> mac;
    private final ThreadLocal<Cipher> cipher = ThreadLocal.withInitial(ChunkCodec::newCipher);
    private final ThreadLocal<NonceSource> random = ThreadLocal.withInitial(NonceSource::new);
    private final ThreadLocal<byte[][]> scratch = ThreadLocal.withInitial(() -> new byte[1][]);

    /** @param zstdLevel 1..22, or 0 to never compress */
    public ChunkCodec(RepositoryKeys keys, int zstdLevel) {
        if (zstdLevel < 0 || zstdLevel > 22) {
            throw new ArcaException.InvalidInput("zstd level " + zstdLevel + " is outside 0..22");
        }
        SecretKeySpec idKey = keys.idKeySpec();
        this.dataKey = keys.dataKeySpec();
        this.zstdLevel = zstdLevel;
        this.mac = ThreadLocal.withInitial(() -> newMac(idKey));
    }

    /** A codec at zstd level 3. */
    public ChunkCodec(RepositoryKeys keys) {
        this(keys, 3);
    }

    /** The chunk's id: HMAC-SHA-256 of the plaintext under the id key. */
    public ChunkId id(byte[] data, int off, int len) {
        Mac m = mac.get();
        m.update(data, off, len);
        byte[] out = scratch(ChunkId.BYTES);
        try {
            m.doFinal(out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 failed", e);
        }
        return ChunkId.of(java.util.Arrays.copyOf(out, ChunkId.BYTES));
    }

    /** The stored form of a chunk; {@link EncodedChunk#compressed()} says whether zstd was kept. */
    public EncodedChunk encode(ChunkId id, byte[] data, int off, int len) {
        byte[] body = data;
        int bodyOff = off;
        int bodyLen = len;
        byte header = RAW;
        if (zstdLevel > 0 && len >= 64) {
            int bound = (int) Zstd.compressBound(len);
            byte[] buf = scratch(bound);
            long n = Zstd.compressByteArray(buf, 0, bound, data, off, len, zstdLevel);
            if (!Zstd.isError(n) && n <= len - (len >> 5)) {
                body = buf;
                bodyOff = 0;
                bodyLen = (int) n;
                header = ZSTD;
            }
        }
        byte[] out = new byte[OVERHEAD + bodyLen];
        Cipher c = initEncrypt(out, id.bytes());
        try {
            int w = c.update(new byte[] {header}, 0, 1, out, NONCE_BYTES);
            c.doFinal(body, bodyOff, bodyLen, out, NONCE_BYTES + w);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return new EncodedChunk(out, header == ZSTD);
    }

    /**
     * The plaintext of a stored chunk.
     * @param rawLength the plaintext length, from the index
     * @param where the pack it came from, for the message
     * @throws ArcaException.Corrupt when it does not authenticate (altered, another id, another key)
     *         or does not decompress to {@code rawLength} bytes
     */
    public byte[] decode(ChunkId id, byte[] stored, int off, int len, int rawLength, String where) {
        if (len < OVERHEAD) {
            throw corrupt(id, where, "it is " + len + " bytes, shorter than the " + OVERHEAD + " of an empty chunk", null);
        }
        byte[] plain = scratch(len - NONCE_BYTES - TAG_BYTES);
        int n;
        try {
            Cipher c = cipher.get();
            c.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BYTES * 8, stored, off, NONCE_BYTES));
            c.updateAAD(id.bytes());
            n = c.doFinal(stored, off + NONCE_BYTES, len - NONCE_BYTES, plain, 0);
        } catch (AEADBadTagException e) {
            throw corrupt(id, where, "it fails authentication (altered, or not this chunk, or another repository's key)", null);
        } catch (GeneralSecurityException e) {
            throw corrupt(id, where, "it cannot be decrypted: " + e.getMessage(), e);
        }
        if (plain[0] == RAW) {
            if (n - 1 != rawLength) {
                throw corrupt(id, where, "it holds " + (n - 1) + " bytes where the index says " + rawLength, null);
            }
            return java.util.Arrays.copyOfRange(plain, 1, n);
        }
        if (plain[0] != ZSTD) {
            throw corrupt(id, where, "it has an unknown header " + plain[0], null);
        }
        byte[] out = new byte[rawLength];
        long r = Zstd.decompressByteArray(out, 0, rawLength, plain, 1, n - 1);
        if (Zstd.isError(r) || r != rawLength) {
            throw corrupt(id, where, "it does not decompress to the " + rawLength + " bytes the index says"
                    + (Zstd.isError(r) ? " (" + Zstd.getErrorName(r) + ")" : " (got " + r + ")"), null);
        }
        return out;
    }

    /**
     * Encrypts a small blob (an index file, a snapshot manifest) with the data key:
     * {@code nonce(12) || AES-256-GCM(plain) || tag(16)}. The associated data {@code ad} is not
     * stored; {@link #open} must be given the same, so use it to bind the blob to its role
     * (e.g. {@code "arca/index/v1"}).
     */
    public byte[] seal(byte[] plain, byte[] ad) {
        byte[] out = new byte[NONCE_BYTES + plain.length + TAG_BYTES];
        Cipher c = initEncrypt(out, ad);
        try {
            c.doFinal(plain, 0, plain.length, out, NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return out;
    }

    /**
     * Decrypts what {@link #seal} produced.
     * @param what names the blob in the message, e.g. {@code "index repository/index/ab.."}
     * @throws ArcaException.Corrupt when it does not authenticate under this key and {@code ad}
     */
    public byte[] open(byte[] sealed, byte[] ad, String what) {
        if (sealed.length < NONCE_BYTES + TAG_BYTES) {
            throw new ArcaException.Corrupt(what + " is truncated (" + sealed.length + " bytes); restore it from a copy");
        }
        try {
            Cipher c = cipher.get();
            c.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, NONCE_BYTES));
            c.updateAAD(ad);
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new ArcaException.Corrupt(what + " fails authentication: it was altered, or belongs to another"
                    + " repository; restore it from a copy or run maintenance verify", e);
        }
    }

    /** {@link #open(byte[], byte[], String)} naming the blob generically. */
    public byte[] open(byte[] sealed, byte[] ad) {
        return open(sealed, ad, "a sealed blob");
    }

    private Cipher initEncrypt(byte[] out, byte[] ad) {
        random.get().nextBytes(out, 0, NONCE_BYTES);
        Cipher c = cipher.get();
        try {
            c.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BYTES * 8, out, 0, NONCE_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM initialisation failed", e);
        }
        c.updateAAD(ad);
        return c;
    }

    private byte[] scratch(int size) {
        byte[][] holder = scratch.get();
        if (holder[0] == null || holder[0].length < size) {
            holder[0] = new byte[Math.max(size, holder[0] == null ? 0 : holder[0].length * 2)];
        }
        return holder[0];
    }

    private static ArcaException.Corrupt corrupt(ChunkId id, String where, String what, Throwable cause) {
        return new ArcaException.Corrupt("chunk " + id + " in " + where + " is corrupt: " + what
                + "; verify the repository to find every damaged chunk", cause);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks AES/GCM", e);
        }
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks HmacSHA256", e);
        }
    }

    /** A per-thread SecureRandom that fills part of an array without an extra allocation per call. */
    private static final class NonceSource {
        private final SecureRandom random = new SecureRandom();
        private final byte[] nonce = new byte[NONCE_BYTES];

        void nextBytes(byte[] out, int off, int len) {
            random.nextBytes(nonce);
            System.arraycopy(nonce, 0, out, off, len);
        }
    }

    /** A chunk's stored bytes and whether its body is zstd. */
    public record EncodedChunk(byte[] bytes, boolean compressed) {
    }
}

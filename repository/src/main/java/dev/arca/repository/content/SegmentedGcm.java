package dev.arca.repository.content;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over a message of any length, as a sequence of independently sealed segments of
 * at most {@value #SEGMENT} bytes: the STREAM construction (Hoang, Reyhanitabar, Rogaway and
 * Vizár, 2015) that Tink's streaming AEAD and age also use. Each message is sealed under a key of
 * its own, derived from the repository key and a random salt, as Tink's AES-GCM-HKDF streaming
 * AEAD does.
 *
 * <pre>
 * format 3 (written):
 * sealed  = 0x03 || uint32_be(generation) || salt(32, random) || segment_0 || ... || segment_n-1
 * subkey  = HKDF-SHA-256(ikm = key of that generation, salt, info = "arca/segmented-gcm/v3" || uint32_be(generation), length 32)
 * segment = AES-256-GCM(subkey, nonce = 0^8 || uint32_be(i | LAST if i = n-1), ad, plaintext_i) with its 16-byte tag
 *
 * format 2 (read only, generation 1):
 * sealed  = 0x02 || salt(32, random) || segment_0 || ... || segment_n-1
 * subkey  = HKDF-SHA-256(ikm = key, salt, info = "arca/segmented-gcm/v2", length 32)
 * segment = as in format 3
 *
 * format 1 (read only, generation 1):
 * sealed  = prefix(8, random) || segment_0 || ... || segment_n-1
 * segment = AES-256-GCM(key, nonce = prefix || uint32_be(i | LAST if i = n-1), ad, plaintext_i) with its 16-byte tag
 * </pre>
 *
 * A message names the key generation it was sealed under ({@link RepositoryKeys}), so a key
 * rotation only adds a key to read with; formats 1 and 2 were written before generations existed,
 * all under generation 1's key.
 *
 * Every segment authenticates the associated data, its own position (a reordered or dropped
 * segment fails) and whether it is the last one (a truncated message fails); an altered salt
 * derives another subkey and fails too.
 *
 * <p>Why a key per message: format 1 drew 64 random nonce bits per message under the one
 * repository key, so the chance of a repeated nonce passed NIST's 2^-32 after about 10^5
 * messages, and a repeat under GCM leaks the XOR of two plaintexts and the authentication key.
 * In formats 2 and 3 a nonce only has to be unique within its message, which the segment counter makes
 * it; two messages share a subkey only if their 256-bit salts collide.
 *
 * <p>Format 1 carries no version byte: a message is read as format 3 (or 2) when its first byte
 * is 3 (or 2) and it authenticates as such, otherwise as format 1 (one format-1 message in 128
 * starts with 2 or 3 by chance and costs one failed segment first). No reading can be forged
 * without the key; an altered generation number selects another key, or none, and fails.
 *
 * <p>Why segments: the JDK's GCM runs its AES-NI and CLMUL intrinsics only on calls it has
 * compiled, and a single call over a megabyte stays in the slow path (about 70 MB/s here, against
 * 1.7 GB/s for 16 KiB calls). Segments keep every call small and the cipher fast.
 *
 * <p>Not thread-safe: one per thread.
 */
final class SegmentedGcm {
    static final int SEGMENT = 16 * 1024;
    static final int TAG = 16;
    static final byte VERSION_2 = 2;
    static final byte VERSION_3 = 3;
    static final int SALT = 32;
    /** The header of format 2: version byte and salt. */
    static final int HEADER_2 = 1 + SALT;
    /** The header of format 3: version byte, generation and salt. */
    static final int HEADER = 1 + 4 + SALT;
    /** The header of format 1: the nonce prefix. */
    static final int V1_PREFIX = 8;
    private static final int LAST = 0x8000_0000;
    private static final byte[] INFO_2 = "arca/segmented-gcm/v2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFO_3 = "arca/segmented-gcm/v3".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZERO_PREFIX = new byte[8];

    /** Generation → key; generation 1 also opens formats 1 and 2. */
    private final Map<Integer, SecretKeySpec> keys;
    /** Generation → raw key bytes, the HKDF input. */
    private final Map<Integer, byte[]> ikms;
    private final int current;
    private final Cipher cipher;
    private final Mac hmac;
    private final SecureRandom random = new SecureRandom();
    private final byte[] nonce = new byte[12];
    /** One segment's plaintext, opened here before it is copied over its message ({@link #openInPlace}). */
    private final byte[] segment = new byte[SEGMENT];

    /** Seals under {@code key} as generation 1, and opens what was sealed so. */
    SegmentedGcm(SecretKeySpec key) {
        this(Map.of(1, key), 1);
    }

    /**
     * Seals under generation {@code current}; opens what any generation in {@code keys} sealed.
     * @param keys generation → key, holding {@code current}
     */
    SegmentedGcm(Map<Integer, SecretKeySpec> keys, int current) {
        if (!keys.containsKey(current)) {
            throw new IllegalArgumentException("no key for the current generation " + current);
        }
        this.keys = Map.copyOf(keys);
        Map<Integer, byte[]> raw = new java.util.HashMap<>();
        keys.forEach((generation, key) -> raw.put(generation, key.getEncoded()));
        this.ikms = Map.copyOf(raw);
        this.current = current;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            this.hmac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks AES/GCM or HmacSHA256", e);
        }
    }

    /** The sealed size of {@code plainLength} bytes (format 3). */
    static int sealedLength(int plainLength) {
        return HEADER + plainLength + TAG * segments(plainLength);
    }

    /** The smallest sealed message of either format (format 1, empty plaintext). */
    static int minSealedLength() {
        return V1_PREFIX + TAG;
    }

    private static int segments(int plainLength) {
        return Math.max(1, (plainLength + SEGMENT - 1) / SEGMENT);
    }

    /** Seals {@code plain[off, off+len)} into {@code out} at {@code outOff} in format 3; returns the bytes written. */
    int seal(byte[] plain, int off, int len, byte[] ad, byte[] out, int outOff) {
        out[outOff] = VERSION_3;
        writeInt(out, outOff + 1, current);
        byte[] salt = new byte[SALT];
        random.nextBytes(salt);
        System.arraycopy(salt, 0, out, outOff + 5, SALT);
        SecretKeySpec subkey = subkey(ikms.get(current), salt, 0, info3(current));
        int n = segments(len);
        int w = outOff + HEADER;
        try {
            for (int i = 0; i < n; i++) {
                int from = off + i * SEGMENT;
                int size = Math.min(SEGMENT, off + len - from);
                cipher.init(Cipher.ENCRYPT_MODE, subkey, spec(ZERO_PREFIX, 0, i, i == n - 1));
                cipher.updateAAD(ad);
                w += cipher.doFinal(plain, from, size, out, w);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return w - outOff;
    }

    /**
     * Opens a sealed message of any format into {@code out}; returns the plaintext length.
     * @throws AEADBadTagException when any segment fails to authenticate, the message is cut short,
     *         or it names a key generation this instance lacks
     */
    int open(byte[] sealed, int off, int len, byte[] ad, byte[] out) throws AEADBadTagException {
        return open(sealed, off, len, ad, out, 0, false);
    }

    /**
     * As {@link #open(byte[], int, int, byte[], byte[])}, the plaintext written over the sealed
     * message from {@code buf[off]} on: each segment is opened into a buffer of one segment, then
     * copied to its place, which lies before the next segment to read. On failure the message may
     * be partly overwritten.
     */
    int openInPlace(byte[] buf, int off, int len, byte[] ad) throws AEADBadTagException {
        return open(buf, off, len, ad, buf, off, true);
    }

    private int open(byte[] sealed, int off, int len, byte[] ad, byte[] out, int outOff, boolean inPlace)
            throws AEADBadTagException {
        Integer unknownGeneration = null;
        try {
            if (len >= HEADER + TAG && sealed[off] == VERSION_3) {
                int generation = readInt(sealed, off + 1);
                byte[] ikm = ikms.get(generation);
                if (ikm != null) {
                    SecretKeySpec subkey = subkey(ikm, sealed, off + 5, info3(generation));
                    return openSegments(sealed, off, len, HEADER, subkey, ZERO_PREFIX, 0, ad, out, outOff, inPlace);
                }
                unknownGeneration = generation;
            } else if (len >= HEADER_2 + TAG && sealed[off] == VERSION_2 && keys.containsKey(1)) {
                SecretKeySpec subkey = subkey(ikms.get(1), sealed, off + 1, INFO_2);
                return openSegments(sealed, off, len, HEADER_2, subkey, ZERO_PREFIX, 0, ad, out, outOff, inPlace);
            }
        } catch (AEADBadTagException notThisFormat) {
            // a format-1 message that starts with 2 or 3 by chance, or an altered one: format 1 decides
        }
        if (len < minSealedLength()) {
            throw new AEADBadTagException("sealed message of " + len + " bytes is shorter than its header and one tag");
        }
        try {
            // in place, the first segment's plaintext lands on the nonce prefix every segment's nonce starts with
            byte[] prefix = inPlace ? Arrays.copyOfRange(sealed, off, off + V1_PREFIX) : sealed;
            return openSegments(sealed, off, len, V1_PREFIX, keys.get(1), prefix, inPlace ? 0 : off, ad, out, outOff, inPlace);
        } catch (AEADBadTagException e) {
            if (unknownGeneration != null) {
                throw new UnknownGeneration(unknownGeneration, new java.util.TreeSet<>(keys.keySet()).toString());
            }
            throw e;
        }
    }

    private int openSegments(byte[] sealed, int off, int len, int header, SecretKeySpec segmentKey, byte[] prefixFrom, int prefixOff,
                             byte[] ad, byte[] out, int outOff, boolean inPlace) throws AEADBadTagException {
        int body = len - header;
        int n = (body + SEGMENT + TAG - 1) / (SEGMENT + TAG);
        int r = off + header;
        int w = 0;
        try {
            for (int i = 0; i < n; i++) {
                int size = Math.min(SEGMENT + TAG, off + len - r);
                cipher.init(Cipher.DECRYPT_MODE, segmentKey, spec(prefixFrom, prefixOff, i, i == n - 1));
                cipher.updateAAD(ad);
                if (inPlace) {
                    int m = cipher.doFinal(sealed, r, size, segment, 0);
                    System.arraycopy(segment, 0, out, outOff + w, m);
                    w += m;
                } else {
                    w += cipher.doFinal(sealed, r, size, out, outOff + w);
                }
                r += size;
            }
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new AEADBadTagException("cannot decrypt: " + e.getMessage());
        }
        return w;
    }

    /** The largest plaintext a sealed message of {@code len} bytes can hold, in either format. */
    static int maxPlainLength(int len) {
        return Math.max(0, len - V1_PREFIX - TAG);
    }

    private SecretKeySpec subkey(byte[] ikm, byte[] salt, int saltOff, byte[] info) {
        return new SecretKeySpec(hkdfSha256(hmac, ikm, salt, saltOff, SALT, info), "AES");
    }

    private static byte[] info3(int generation) {
        byte[] info = Arrays.copyOf(INFO_3, INFO_3.length + 4);
        writeInt(info, INFO_3.length, generation);
        return info;
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    /**
     * HKDF-SHA-256 (RFC 5869) of 32 bytes: extract {@code PRK = HMAC(salt, ikm)}, then expand one
     * block {@code T(1) = HMAC(PRK, info || 0x01)}.
     */
    static byte[] hkdfSha256(Mac hmac, byte[] ikm, byte[] salt, int saltOff, int saltLen, byte[] info) {
        try {
            hmac.init(new SecretKeySpec(salt, saltOff, saltLen, "HmacSHA256"));
            byte[] prk = hmac.doFinal(ikm);
            hmac.init(new SecretKeySpec(prk, "HmacSHA256"));
            hmac.update(info);
            hmac.update((byte) 1);
            return hmac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA-256 failed", e);
        }
    }

    private GCMParameterSpec spec(byte[] prefixFrom, int prefixOff, int index, boolean last) {
        System.arraycopy(prefixFrom, prefixOff, nonce, 0, V1_PREFIX);
        int counter = last ? index | LAST : index;
        nonce[8] = (byte) (counter >>> 24);
        nonce[9] = (byte) (counter >>> 16);
        nonce[10] = (byte) (counter >>> 8);
        nonce[11] = (byte) counter;
        return new GCMParameterSpec(TAG * 8, nonce);
    }

    /** A message that names a key generation this instance has no key for (and is no format-1 message either). */
    static final class UnknownGeneration extends AEADBadTagException {
        private static final long serialVersionUID = 1L;
        final int generation;

        UnknownGeneration(int generation, String held) {
            super("sealed under key generation " + generation + ", which these keys lack (they hold " + held + ")");
            this.generation = generation;
        }
    }
}

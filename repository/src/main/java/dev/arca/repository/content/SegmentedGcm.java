package dev.arca.repository.content;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over a message of any length, as a sequence of independently sealed segments of
 * at most {@value #SEGMENT} bytes: the STREAM construction (Hoang, Reyhanitabar, Rogaway and
 * Vizár, 2015) that Tink's streaming AEAD and age also use.
 *
 * <pre>
 * sealed  = prefix(8, random) || segment_0 || ... || segment_n-1
 * segment = AES-256-GCM(key, nonce = prefix || uint32_be(i | LAST if i = n-1), ad, plaintext_i) with its 16-byte tag
 * </pre>
 *
 * Every segment authenticates the associated data, its own position (a reordered or dropped
 * segment fails) and whether it is the last one (a truncated message fails).
 *
 * <p>Why segments: the JDK's GCM runs its AES-NI and CLMUL intrinsics only on calls it has
 * compiled, and a single call over a megabyte stays in the slow path (about 70 MB/s here, against
 * 1.7 GB/s for 16 KiB calls). Segments keep every call small and the cipher fast.
 *
 * <p>Not thread-safe: one per thread.
 */
final class SegmentedGcm {
    static final int SEGMENT = 16 * 1024;
    static final int PREFIX = 8;
    static final int TAG = 16;
    private static final int LAST = 0x8000_0000;

    private final SecretKeySpec key;
    private final Cipher cipher;
    private final SecureRandom random = new SecureRandom();
    private final byte[] nonce = new byte[12];

    SegmentedGcm(SecretKeySpec key) {
        this.key = key;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks AES/GCM", e);
        }
    }

    /** The sealed size of {@code plainLength} bytes. */
    static int sealedLength(int plainLength) {
        return PREFIX + plainLength + TAG * segments(plainLength);
    }

    /** The smallest sealed message (empty plaintext). */
    static int minSealedLength() {
        return PREFIX + TAG;
    }

    private static int segments(int plainLength) {
        return Math.max(1, (plainLength + SEGMENT - 1) / SEGMENT);
    }

    /** Seals {@code plain[off, off+len)} into {@code out} at {@code outOff}; returns the bytes written. */
    int seal(byte[] plain, int off, int len, byte[] ad, byte[] out, int outOff) {
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, outOff, PREFIX);
        int n = segments(len);
        int w = outOff + PREFIX;
        try {
            for (int i = 0; i < n; i++) {
                int from = off + i * SEGMENT;
                int size = Math.min(SEGMENT, off + len - from);
                cipher.init(Cipher.ENCRYPT_MODE, key, spec(out, outOff, i, i == n - 1));
                cipher.updateAAD(ad);
                w += cipher.doFinal(plain, from, size, out, w);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return w - outOff;
    }

    /**
     * Opens a sealed message into {@code out}; returns the plaintext length.
     * @throws AEADBadTagException when any segment fails to authenticate, or the message is cut short
     */
    int open(byte[] sealed, int off, int len, byte[] ad, byte[] out) throws AEADBadTagException {
        if (len < minSealedLength()) {
            throw new AEADBadTagException("sealed message of " + len + " bytes is shorter than its header and one tag");
        }
        int body = len - PREFIX;
        int n = (body + SEGMENT + TAG - 1) / (SEGMENT + TAG);
        int r = off + PREFIX;
        int w = 0;
        try {
            for (int i = 0; i < n; i++) {
                int size = Math.min(SEGMENT + TAG, off + len - r);
                cipher.init(Cipher.DECRYPT_MODE, key, spec(sealed, off, i, i == n - 1));
                cipher.updateAAD(ad);
                w += cipher.doFinal(sealed, r, size, out, w);
                r += size;
            }
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new AEADBadTagException("cannot decrypt: " + e.getMessage());
        }
        return w;
    }

    /** The largest plaintext a sealed message of {@code len} bytes can hold. */
    static int maxPlainLength(int len) {
        return Math.max(0, len - PREFIX - TAG);
    }

    private GCMParameterSpec spec(byte[] prefixFrom, int prefixOff, int index, boolean last) {
        System.arraycopy(prefixFrom, prefixOff, nonce, 0, PREFIX);
        int counter = last ? index | LAST : index;
        nonce[8] = (byte) (counter >>> 24);
        nonce[9] = (byte) (counter >>> 16);
        nonce[10] = (byte) (counter >>> 8);
        nonce[11] = (byte) counter;
        return new GCMParameterSpec(TAG * 8, nonce);
    }
}

package dev.arca.storage.crypto;

import dev.arca.api.ArcaException;
import java.time.Instant;
import java.util.Base64;

/**
 * The location's key file, {@code arca/keyset.json}: the data keyset, encrypted (Tink JSON format)
 * with a key-encryption key derived from the passphrase by scrypt with these parameters. Holds
 * nothing usable without the passphrase.
 *
 * @param formatVersion 1
 * @param kdf           {@code scrypt}
 * @param salt          base64 salt, new at every wrap
 * @param n             scrypt cost (a power of two)
 * @param r             scrypt block size
 * @param p             scrypt parallelism
 * @param keyset        the encrypted data keyset
 * @param created       when the location's keys were made
 * @param rotated       when the keys were last rotated, or null
 */
public record KeyFile(int formatVersion, String kdf, String salt, int n, int r, int p, String keyset, Instant created, Instant rotated) {
    public static final String KEY = "arca/keyset.json";
    /** The key file as it was before a rotation, kept until the rotated one is in place. */
    public static final String PREVIOUS = "arca/keyset.previous.json";

    /** Whether {@code key} is one of the location's key files, which are not objects of its encrypted view. */
    public static boolean isKeyFile(String key) {
        return KEY.equals(key) || PREVIOUS.equals(key);
    }

    /**
     * Most memory scrypt may ask for (128·N·r bytes): a key file that anyone with write access to
     * the store can replace must not make a client allocate a terabyte (N=2^30) or spin for hours.
     * Arca writes N=2^17, r=8, p=1 (128 MiB, of which {@link Scrypt} holds half). N, r and p are
     * bounded one by one first, so the product cannot overflow.
     */
    static final long MAX_SCRYPT_MEMORY = 256L << 20;
    static final int MAX_SCRYPT_N = 1 << 20;
    static final int MAX_SCRYPT_R = 32;
    static final int MAX_SCRYPT_P = 4;

    public KeyFile {
        if (formatVersion != 1 || !"scrypt".equals(kdf) || salt == null || keyset == null || n < 2 || (n & (n - 1)) != 0 || r < 1 || p < 1) {
            throw new ArcaException.Corrupt("key file " + KEY + " is not valid (format " + formatVersion + ", kdf " + kdf
                    + "); restore it from a copy or re-create the location");
        }
        if (n > MAX_SCRYPT_N || r > MAX_SCRYPT_R || p > MAX_SCRYPT_P || scryptMemory(n, r) > MAX_SCRYPT_MEMORY) {
            throw new ArcaException.Corrupt("key file " + KEY + " asks for scrypt N=" + n + ", r=" + r + ", p=" + p
                    + ", beyond what Arca ever writes (N <= 2^20, r <= " + MAX_SCRYPT_R + ", p <= " + MAX_SCRYPT_P + ", at most "
                    + (MAX_SCRYPT_MEMORY >> 20) + " MiB); it was altered: restore it from a copy");
        }
        saltBytes(salt);
    }

    /** The salt's bytes; a salt that is not base64, or is empty, makes the key file corrupt. */
    byte[] saltBytes() {
        return saltBytes(salt);
    }

    private static byte[] saltBytes(String salt) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new ArcaException.Corrupt("key file " + KEY + " has a salt that is not base64 (" + e.getMessage()
                    + "); it was altered or damaged: restore it from a copy");
        }
        if (bytes.length == 0) {
            throw new ArcaException.Corrupt("key file " + KEY + " has an empty salt; it was altered or damaged: restore it from a copy");
        }
        return bytes;
    }

    /** The bytes scrypt allocates for N and r (128·N·r); only called with N and r already bounded. */
    private static long scryptMemory(int n, int r) {
        return Math.multiplyExact(Math.multiplyExact(128L, n), r);
    }
}

package dev.arca.storage.crypto;

import dev.arca.api.ArcaException;
import java.time.Instant;

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
     */
    static final long MAX_SCRYPT_MEMORY = 1L << 30;
    static final int MAX_SCRYPT_P = 16;

    public KeyFile {
        if (formatVersion != 1 || !"scrypt".equals(kdf) || salt == null || keyset == null || n < 2 || (n & (n - 1)) != 0 || r < 1 || p < 1) {
            throw new ArcaException.Corrupt("key file " + KEY + " is not valid (format " + formatVersion + ", kdf " + kdf
                    + "); restore it from a copy or re-create the location");
        }
        if (128L * n * r > MAX_SCRYPT_MEMORY || p > MAX_SCRYPT_P) {
            throw new ArcaException.Corrupt("key file " + KEY + " asks for scrypt N=" + n + ", r=" + r + ", p=" + p
                    + ", beyond what Arca ever writes (at most " + (MAX_SCRYPT_MEMORY >> 20) + " MiB, p <= " + MAX_SCRYPT_P
                    + "); it was altered: restore it from a copy");
        }
    }
}

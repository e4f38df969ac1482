package dev.arca.repository.content;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two secrets of a volume repository: the id key (HMAC-SHA-256, turns plaintext into a
 * {@link ChunkId}) and the data key (AES-256-GCM, seals chunks, index files and manifests).
 *
 * <p>Stored as JSON under {@value #KEY} in a <em>key store</em> the caller gives: in production the
 * location's encrypted view, so the keys at rest are wrapped by the location's passphrase-derived
 * key. This class neither wraps nor unwraps; it only reads and writes that object. The keys never
 * appear in {@link #toString()}, logs or messages.
 */
public final class RepositoryKeys {
    /** Where the keys live in the key store. */
    public static final String KEY = "repository/keys.json";
    static final int FORMAT_VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] idKey;
    private final byte[] dataKey;

    private RepositoryKeys(byte[] idKey, byte[] dataKey) {
        if (idKey.length != KEY_BYTES || dataKey.length != KEY_BYTES) {
            throw new ArcaException.Corrupt("repository keys have the wrong length (expected " + KEY_BYTES
                    + " bytes each); the key object is damaged, restore it from a copy");
        }
        this.idKey = idKey.clone();
        this.dataKey = dataKey.clone();
    }

    /** Fresh random keys, not stored anywhere (tests, or a caller that stores them itself). */
    public static RepositoryKeys generate() {
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[KEY_BYTES];
        byte[] data = new byte[KEY_BYTES];
        random.nextBytes(id);
        random.nextBytes(data);
        return new RepositoryKeys(id, data);
    }

    /**
     * Reads the keys of the repository in {@code keyStore}.
     * @throws ArcaException.NotFound when there is no volume repository there
     * @throws ArcaException.Corrupt when the key object cannot be parsed
     */
    public static RepositoryKeys open(ObjectStore keyStore) {
        byte[] json;
        try {
            json = keyStore.getBytes(KEY);
        } catch (ArcaException.NotFound e) {
            throw new ArcaException.NotFound("no volume repository in " + keyStore.describe()
                    + " (" + KEY + " is absent); create one by running a volume backup");
        }
        return parse(json, keyStore);
    }

    /**
     * Reads the keys, or creates and stores fresh ones when the repository does not exist yet. The
     * key object is created only if absent ({@link ObjectStore#createIfAbsent}, atomic on every
     * provider): of two first backups racing, the loser reads and uses the winner's keys, so no
     * data is ever sealed under a discarded key.
     */
    public static RepositoryKeys openOrCreate(ObjectStore keyStore) {
        if (keyStore.exists(KEY)) {
            return open(keyStore);
        }
        RepositoryKeys keys = generate();
        return keyStore.createIfAbsent(KEY, keys.toJson()) ? keys : open(keyStore);
    }

    private static RepositoryKeys parse(byte[] json, ObjectStore keyStore) {
        KeysFile file;
        try {
            file = JSON.readValue(json, KeysFile.class);
        } catch (IOException e) {
            throw new ArcaException.Corrupt(KEY + " in " + keyStore.describe()
                    + " is not a valid key object; restore it from a copy");
        }
        if (file.formatVersion() != FORMAT_VERSION || file.idKey() == null || file.dataKey() == null) {
            throw new ArcaException.Corrupt(KEY + " in " + keyStore.describe() + " has format version "
                    + file.formatVersion() + " or missing fields; this Arca reads version " + FORMAT_VERSION);
        }
        try {
            return new RepositoryKeys(Base64.getDecoder().decode(file.idKey()), Base64.getDecoder().decode(file.dataKey()));
        } catch (IllegalArgumentException e) {
            throw new ArcaException.Corrupt(KEY + " in " + keyStore.describe() + " holds a key that is not base64");
        }
    }

    private byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(new KeysFile(FORMAT_VERSION, Base64.getEncoder().encodeToString(idKey),
                    Base64.getEncoder().encodeToString(dataKey)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise repository keys", e);
        }
    }

    SecretKeySpec idKeySpec() {
        return new SecretKeySpec(idKey, "HmacSHA256");
    }

    SecretKeySpec dataKeySpec() {
        return new SecretKeySpec(dataKey, "AES");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepositoryKeys k && Arrays.equals(idKey, k.idKey) && Arrays.equals(dataKey, k.dataKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(idKey);
    }

    @Override
    public String toString() {
        return "RepositoryKeys[redacted]";
    }

    private record KeysFile(int formatVersion, String idKey, String dataKey) {
        @Override
        public String toString() {
            return "KeysFile[redacted]";
        }
    }
}

package dev.arca.repository.content;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secrets of a volume repository: the id key (HMAC-SHA-256, turns plaintext into a
 * {@link ChunkId}) and one data key per <em>generation</em> (AES-256, seals chunks, index files
 * and manifests). New data is sealed under the current (highest) generation and names it; data of
 * an older generation stays readable with that generation's key.
 *
 * <pre>
 * repository/keys.json              generation 1: {formatVersion 1, idKey, dataKey}, never rewritten
 * repository/keys/&lt;gen, 8 digits&gt;.json  generation 2, 3, ...: {formatVersion 1, generation, dataKey}
 * </pre>
 * A rotation ({@link #rotate}) only ever <em>creates</em> the next generation's object, if absent:
 * it never rewrites an object that holds a key, so neither a crash nor two rotations racing can
 * lose a generation that data was sealed under. The id key does not rotate, so deduplication
 * carries across a rotation (docs/volumes.md says what that gives up).
 *
 * <p>Stored in a <em>key store</em> the caller gives: in production the location's encrypted view,
 * so the keys at rest are wrapped by the location's data key, and a generation created after a
 * location key rotation is wrapped by the new location key. This class neither wraps nor unwraps;
 * it only reads and writes those objects. The keys never appear in {@link #toString()}, logs or
 * messages.
 */
public final class RepositoryKeys {
    /** Where the id key and generation 1 live in the key store. */
    public static final String KEY = "repository/keys.json";
    /** Where the later generations live, one object each. */
    public static final String GENERATIONS = "repository/keys/";
    static final int FORMAT_VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int MAX_CREATE_ATTEMPTS = 100;
    private static final Pattern GENERATION_KEY = Pattern.compile(Pattern.quote(GENERATIONS) + "(\\d{8})\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] idKey;
    /** Generation → data key, never empty, always holding generation 1. */
    private final NavigableMap<Integer, byte[]> dataKeys;

    private RepositoryKeys(byte[] idKey, NavigableMap<Integer, byte[]> dataKeys) {
        this.idKey = checkLength(idKey).clone();
        NavigableMap<Integer, byte[]> copy = new TreeMap<>();
        dataKeys.forEach((generation, key) -> copy.put(generation, checkLength(key).clone()));
        this.dataKeys = Collections.unmodifiableNavigableMap(copy);
    }

    private static byte[] checkLength(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new ArcaException.Corrupt("a repository key has the wrong length (expected " + KEY_BYTES
                    + " bytes); the key object is damaged, restore it from a copy");
        }
        return key;
    }

    /** Fresh random keys of generation 1, not stored anywhere (tests, or a caller that stores them itself). */
    public static RepositoryKeys generate() {
        return new RepositoryKeys(randomKey(), new TreeMap<>(Map.of(1, randomKey())));
    }

    private static byte[] randomKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /**
     * Reads the keys of the repository in {@code keyStore}, every generation.
     * @throws ArcaException.NotFound when there is no volume repository there
     * @throws ArcaException.Corrupt when a key object cannot be parsed, or cannot be decrypted
     */
    public static RepositoryKeys open(ObjectStore keyStore) {
        byte[] json;
        try {
            json = keyStore.getBytes(KEY);
        } catch (ArcaException.NotFound e) {
            throw new ArcaException.NotFound("no volume repository in " + keyStore.describe()
                    + " (" + KEY + " is absent); create one by running a volume backup");
        }
        KeysFile first = parse(json, KEY, keyStore, KeysFile.class);
        if (first.idKey() == null || first.dataKey() == null) {
            throw missingFields(KEY, keyStore);
        }
        NavigableMap<Integer, byte[]> dataKeys = new TreeMap<>();
        dataKeys.put(1, decode(first.dataKey(), KEY, keyStore));
        for (ObjectStore.ObjectInfo info : keyStore.list(GENERATIONS)) {
            Matcher m = GENERATION_KEY.matcher(info.key());
            if (m.matches()) {
                int generation = Integer.parseInt(m.group(1));
                dataKeys.put(generation, readGeneration(keyStore, info.key(), generation));
            }
        }
        return new RepositoryKeys(decode(first.idKey(), KEY, keyStore), dataKeys);
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

    /**
     * Starts a new generation of data key: creates the object of the generation after the highest
     * one in {@code keyStore} (or the next free one, when another rotation took that number), and
     * returns the keys read back, every generation in them. Nothing that exists is rewritten; data sealed before stays
     * readable with the keys this returns, and repositories opened from now on seal under the new
     * generation. A repository open meanwhile keeps sealing under the generation it read.
     * @throws ArcaException.NotFound when there is no volume repository in {@code keyStore}
     */
    public static RepositoryKeys rotate(ObjectStore keyStore) {
        RepositoryKeys before = open(keyStore);
        byte[] dataKey = randomKey();
        int generation = before.currentGeneration();
        for (int attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
            generation++;
            if (keyStore.createIfAbsent(generationKey(generation), generationJson(generation, dataKey))) {
                return open(keyStore); // with every generation, also one a racing rotation created meanwhile
            }
        }
        throw new ArcaException.Transient("could not start a new volume repository key in " + keyStore.describe() + ": "
                + MAX_CREATE_ATTEMPTS + " generation numbers after " + before.currentGeneration()
                + " were taken meanwhile; run 'arca location rotate-key' again", null);
    }

    /** The object that holds generation {@code generation} (2 or more). */
    public static String generationKey(int generation) {
        return GENERATIONS + String.format("%08d", generation) + ".json";
    }

    private static byte[] readGeneration(ObjectStore keyStore, String key, int generation) {
        GenerationFile file = parse(keyStore.getBytes(key), key, keyStore, GenerationFile.class);
        if (file.dataKey() == null) {
            throw missingFields(key, keyStore);
        }
        if (file.generation() != generation) {
            throw new ArcaException.Corrupt(key + " in " + keyStore.describe() + " holds generation " + file.generation()
                    + ", not the " + generation + " its name says; restore it from a copy");
        }
        return decode(file.dataKey(), key, keyStore);
    }

    private static <T extends Versioned> T parse(byte[] json, String key, ObjectStore keyStore, Class<T> type) {
        T file;
        try {
            file = JSON.readValue(json, type);
        } catch (IOException e) {
            throw new ArcaException.Corrupt(key + " in " + keyStore.describe()
                    + " is not a valid key object; restore it from a copy");
        }
        if (file.formatVersion() != FORMAT_VERSION) {
            throw new ArcaException.Corrupt(key + " in " + keyStore.describe() + " has format version "
                    + file.formatVersion() + "; this Arca reads version " + FORMAT_VERSION);
        }
        return file;
    }

    private static ArcaException.Corrupt missingFields(String key, ObjectStore keyStore) {
        return new ArcaException.Corrupt(key + " in " + keyStore.describe() + " lacks a key; restore it from a copy");
    }

    private static byte[] decode(String base64, String key, ObjectStore keyStore) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ArcaException.Corrupt(key + " in " + keyStore.describe() + " holds a key that is not base64");
        }
    }

    private byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(new KeysFile(FORMAT_VERSION, Base64.getEncoder().encodeToString(idKey),
                    Base64.getEncoder().encodeToString(dataKeys.get(1))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise repository keys", e);
        }
    }

    private static byte[] generationJson(int generation, byte[] dataKey) {
        try {
            return JSON.writeValueAsBytes(new GenerationFile(FORMAT_VERSION, generation, Base64.getEncoder().encodeToString(dataKey)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a repository key generation", e);
        }
    }

    /** The generation new data is sealed under: the highest one. */
    public int currentGeneration() {
        return dataKeys.lastKey();
    }

    SecretKeySpec idKeySpec() {
        return new SecretKeySpec(idKey, "HmacSHA256");
    }

    /** Every generation's data key; generation 1 also opens data sealed before generations existed. */
    Map<Integer, SecretKeySpec> dataKeySpecs() {
        Map<Integer, SecretKeySpec> specs = new TreeMap<>();
        dataKeys.forEach((generation, key) -> specs.put(generation, new SecretKeySpec(key, "AES")));
        return specs;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RepositoryKeys k) || !Arrays.equals(idKey, k.idKey) || !dataKeys.keySet().equals(k.dataKeys.keySet())) {
            return false;
        }
        return dataKeys.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), k.dataKeys.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(idKey);
    }

    @Override
    public String toString() {
        return "RepositoryKeys[generations " + dataKeys.keySet() + ", keys redacted]";
    }

    private interface Versioned {
        int formatVersion();
    }

    private record KeysFile(int formatVersion, String idKey, String dataKey) implements Versioned {
        @Override
        public String toString() {
            return "KeysFile[redacted]";
        }
    }

    private record GenerationFile(int formatVersion, int generation, String dataKey) implements Versioned {
        @Override
        public String toString() {
            return "GenerationFile[redacted]";
        }
    }
}

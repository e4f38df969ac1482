package dev.arca.storage.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import com.google.crypto.tink.subtle.AesGcmJce;
import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;

/**
 * Creates, opens and rotates a location's data keyset. The keyset (AES-256-GCM-HKDF streaming
 * keys) never leaves memory unencrypted: it is stored wrapped by AES-256-GCM under a key derived
 * from the passphrase with scrypt (N=2^17, r=8, p=1 by default). Rotation re-wraps the keyset
 * under a new passphrase and salt and adds a new primary data key; older keys stay in the keyset,
 * so older backups remain readable.
 */
public final class LocationKeys {
    /**
     * scrypt parameters of new wraps: a 128 MiB table (Arca holds half of it, {@link Scrypt}) and a
     * fraction of a second per derivation.
     */
    public record Kdf(int n, int r, int p) {
        public static final Kdf DEFAULT = new Kdf(1 << 17, 8, 1);
    }

    private static final byte[] KEYSET_AD = "arca location keyset v1".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocationKeys.class);

    static {
        try {
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LocationKeys() {
    }

    /** Whether the location has keys: its key file, or the previous one an interrupted rotation left. */
    public static boolean exists(ObjectStore raw) {
        return raw.exists(KeyFile.KEY) || raw.exists(KeyFile.PREVIOUS);
    }

    /**
     * Opens the location's keyset, or creates it when the location has none yet. The key file is
     * created only if absent ({@link ObjectStore#createIfAbsent}): of two clients creating it at
     * once, the one that loses opens the winner's, so no data is ever sealed under a discarded key.
     */
    public static StreamingAead openOrCreate(ObjectStore raw, String location, char[] passphrase, Kdf kdf, Clock clock) {
        if (exists(raw)) {
            return open(raw, location, passphrase);
        }
        try {
            KeysetHandle keyset = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_4KB);
            if (!raw.createIfAbsent(KeyFile.KEY, wrap(keyset, passphrase, kdf, clock.instant(), null))) {
                return open(raw, location, passphrase);
            }
            return primitive(keyset);
        } catch (GeneralSecurityException e) {
            throw new ArcaException("cannot create the data key of location \"" + location + "\": " + e.getMessage(), e);
        }
    }

    /** The location's streaming AEAD. @throws ArcaException.InvalidInput on a wrong passphrase */
    public static StreamingAead open(ObjectStore raw, String location, char[] passphrase) {
        return primitive(unwrap(raw, location, passphrase, read(raw, location).file()));
    }

    /**
     * As {@link #open(ObjectStore, String, char[])}, through {@code cache}: the key file is read
     * every time, scrypt runs only for a key file and passphrase the cache does not hold.
     */
    public static StreamingAead open(ObjectStore raw, String location, char[] passphrase, LocationKeyCache cache) {
        Stored stored = read(raw, location);
        return cache.get(stored.bytes(), passphrase, () -> primitive(unwrap(raw, location, passphrase, stored.file())));
    }

    /**
     * Re-wraps the keyset under {@code newPassphrase} and makes a new data key primary. The current
     * key file is first copied to {@link KeyFile#PREVIOUS}, which {@link #open} falls back to while
     * the key file is missing, empty or unreadable, and which is deleted only once the new key file
     * reads back: a crash at any point leaves the location openable (with the old passphrase until
     * the new key file is in place, with the new one after).
     */
    public static void rotate(ObjectStore raw, String location, char[] oldPassphrase, char[] newPassphrase, Kdf kdf, Clock clock) {
        Stored current = read(raw, location);
        KeysetHandle keyset = unwrap(raw, location, oldPassphrase, current.file());
        byte[] next;
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(keyset)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_4KB)
                            .withRandomId().makePrimary())
                    .build();
            next = wrap(rotated, newPassphrase, kdf, current.file().created(), clock.instant());
        } catch (GeneralSecurityException e) {
            throw new ArcaException("cannot rotate the data key of location \"" + location + "\": " + e.getMessage(), e);
        }
        raw.put(KeyFile.PREVIOUS, current.bytes());
        raw.put(KeyFile.KEY, next);
        unwrap(raw, location, newPassphrase, read(raw, location).file()); // the new key file is in place and opens
        raw.delete(KeyFile.PREVIOUS);
    }

    /** How many data keys the keyset holds (1 + the number of rotations). */
    public static int keyCount(ObjectStore raw, String location, char[] passphrase) {
        return unwrap(raw, location, passphrase, read(raw, location).file()).size();
    }

    /** A key file as stored, and parsed. */
    private record Stored(byte[] bytes, KeyFile file) {
    }

    /** The key file, or the previous one when the key file is missing, empty or unreadable (an interrupted rotation). */
    private static Stored read(ObjectStore raw, String location) {
        try {
            return parse(raw, KeyFile.KEY, raw.getBytes(KeyFile.KEY));
        } catch (ArcaException.NotFound | ArcaException.Corrupt e) {
            Stored previous = previous(raw);
            if (previous == null) {
                throw e instanceof ArcaException.NotFound ? new ArcaException.InvalidInput("location \"" + location
                        + "\" is encrypted but " + raw.describe() + " has no key file " + KeyFile.KEY
                        + "; without it its backups cannot be read") : e;
            }
            LOG.warn("the key file {} of location \"{}\" is {}; using {}, which a rotation that did not finish left: "
                    + "open the location with the passphrase from before that rotation and run 'arca location rotate-key' "
                    + "again", KeyFile.KEY, location, e instanceof ArcaException.NotFound ? "missing" : "damaged",
                    KeyFile.PREVIOUS);
            return previous;
        }
    }

    private static Stored previous(ObjectStore raw) {
        try {
            return parse(raw, KeyFile.PREVIOUS, raw.getBytes(KeyFile.PREVIOUS));
        } catch (ArcaException.NotFound | ArcaException.Corrupt e) {
            return null;
        }
    }

    private static Stored parse(ObjectStore raw, String key, byte[] bytes) {
        try {
            return new Stored(bytes, JSON.readValue(bytes, KeyFile.class));
        } catch (IOException e) {
            if (e.getCause() instanceof ArcaException.Corrupt invalid) {
                throw invalid; // valid JSON whose values KeyFile refuses
            }
            throw new ArcaException.Corrupt("key file " + key + " in " + raw.describe() + " is not valid JSON"
                    + (bytes.length == 0 ? " (it is empty)" : ": " + e.getMessage()));
        }
    }

    private static KeysetHandle unwrap(ObjectStore raw, String location, char[] passphrase, KeyFile file) {
        byte[] salt = file.saltBytes();
        try {
            Aead kek = kek(passphrase, salt, new Kdf(file.n(), file.r(), file.p()));
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(file.keyset(), kek, KEYSET_AD);
        } catch (GeneralSecurityException e) {
            throw new ArcaException.InvalidInput("wrong passphrase for location \"" + location + "\": its data key cannot be "
                    + "unwrapped; check the passphrase source (--passphrase-file, --passphrase-env or --passphrase-secret)");
        }
    }

    /** The key file's bytes: the keyset wrapped under a key derived from the passphrase with a fresh salt. */
    private static byte[] wrap(KeysetHandle keyset, char[] passphrase, Kdf kdf, java.time.Instant created,
                               java.time.Instant rotated) throws GeneralSecurityException {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, kek(passphrase, salt, kdf), KEYSET_AD);
        KeyFile file = new KeyFile(1, "scrypt", Base64.getEncoder().encodeToString(salt), kdf.n(), kdf.r(), kdf.p(), wrapped, created, rotated);
        try {
            return JSON.writeValueAsBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + KeyFile.KEY + ": " + e.getMessage(), e);
        }
    }

    /**
     * The key-encryption key derived from {@code passphrase} and {@code salt} with scrypt, as every
     * location wraps its keyset (the fleet wraps member credentials with it too). The passphrase is
     * not kept; the caller wipes it.
     */
    public static Aead kek(char[] passphrase, byte[] salt, Kdf kdf) throws GeneralSecurityException {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] secret = Arrays.copyOf(encoded.array(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        byte[] key;
        try {
            key = Scrypt.derive(secret, salt, kdf.n(), kdf.r(), kdf.p(), 32);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        try {
            return new AesGcmJce(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static StreamingAead primitive(KeysetHandle keyset) {
        try {
            return keyset.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } catch (GeneralSecurityException e) {
            throw new ArcaException("cannot use the location's data key: " + e.getMessage(), e);
        }
    }
}

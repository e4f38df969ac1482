package dev.arca.storage;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.crypto.EncryptedObjectStore;
import dev.arca.storage.crypto.KeyFile;
import dev.arca.storage.crypto.LocationKeyCache;
import dev.arca.storage.crypto.LocationKeys;
import dev.arca.storage.crypto.PassphraseSource;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Opens a location's store through the provider registered under its name. */
public final class ObjectStores {
    private ObjectStores() {
    }

    /** Opens an unencrypted location (see {@link #open(BackupLocationSpec, PassphraseSource)}). */
    public static ObjectStore open(BackupLocationSpec spec) {
        return open(spec, location -> {
            throw new ArcaException.InvalidInput("location \"" + location.name() + "\" is encrypted and no passphrase source is available");
        });
    }

    /**
     * Opens the store, retrying transient failures ({@link RetryingObjectStore}), refusing writes
     * to a ReadOnly location ({@link ReadOnlyObjectStore}) and, when the location's
     * {@code encryption} is {@code passphrase}, encrypting everything ({@link EncryptedObjectStore}
     * outermost, with the data key unwrapped by the passphrase from {@code passphrases}). Opening
     * does no I/O for an unencrypted location; {@link #refuseIfEncrypted} is the check to run when a
     * location is added.
     */
    public static ObjectStore open(BackupLocationSpec spec, PassphraseSource passphrases) {
        return open(spec, passphrases, null);
    }

    /**
     * As {@link #open(BackupLocationSpec, PassphraseSource)}, with the data key unwrapped through
     * {@code keys} (null: none), for a process that opens the same locations again and again.
     */
    public static ObjectStore open(BackupLocationSpec spec, PassphraseSource passphrases, LocationKeyCache keys) {
        ObjectStore store = openRaw(spec);
        return encrypted(spec) ? encrypt(spec, store, passphrases, keys) : store;
    }

    /**
     * The location's storage as it is, without decryption: for describing it, listing keys and
     * managing its key file; contents read through it are ciphertext when the location is encrypted.
     */
    public static ObjectStore openRaw(BackupLocationSpec spec) {
        ObjectStore store = openProvider(spec);
        if (spec.accessMode() == BackupLocationSpec.AccessMode.ReadOnly) {
            store = new ReadOnlyObjectStore(store, spec.name());
        }
        // retrying wraps the provider, under any encryption: getBytes retries the whole read, a stream cut mid-object
        // resumes with a range read of the ciphertext, so decryption never sees the cut, and an encrypted put is one
        // put of the ciphertext, retried whole (ReadOnly's refusals are never retried)
        return new RetryingObjectStore(store);
    }

    /**
     * The provider's store alone: no retries, no access mode, no decryption. For probing a
     * location, where a failure should be reported at once with the provider's cause.
     */
    public static ObjectStore openProvider(BackupLocationSpec spec) {
        for (ObjectStoreProvider p : ServiceLoader.load(ObjectStoreProvider.class)) {
            if (p.name().equals(spec.provider())) {
                return p.open(spec);
            }
        }
        String known = ServiceLoader.load(ObjectStoreProvider.class).stream()
                .map(p -> p.get().name()).sorted().collect(Collectors.joining(", "));
        throw new ArcaException.InvalidInput("location \"" + spec.name() + "\" uses unknown provider \""
                + spec.provider() + "\"; known providers: " + known);
    }

    /** Whether the location is configured for client-side encryption. */
    public static boolean encrypted(BackupLocationSpec spec) {
        return "passphrase".equals(spec.get("encryption"));
    }

    private static ObjectStore encrypt(BackupLocationSpec spec, ObjectStore raw, PassphraseSource passphrases, LocationKeyCache keys) {
        char[] passphrase = passphrases.passphrase(spec);
        try {
            return new EncryptedObjectStore(raw, keys == null ? LocationKeys.open(raw, spec.name(), passphrase)
                    : LocationKeys.open(raw, spec.name(), passphrase, keys));
        } catch (RuntimeException | Error e) {
            raw.close();
            throw e;
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
        }
    }

    /** Refuses an unencrypted location whose storage holds a key file, so plaintext and ciphertext never mix. */
    public static void refuseIfEncrypted(BackupLocationSpec spec, ObjectStore raw) {
        if (!encrypted(spec) && LocationKeys.exists(raw)) {
            throw new ArcaException.InvalidInput("location \"" + spec.name() + "\" (" + raw.describe() + ") holds encrypted "
                    + "backups (" + KeyFile.KEY + ") but is configured without encryption; add it with --encryption passphrase");
        }
    }
}

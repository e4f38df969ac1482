package dev.arca.storage.crypto;

import dev.arca.api.BackupLocationSpec;

/**
 * Where a location's passphrase comes from: a file, an environment variable, a Kubernetes Secret.
 * The location's config names the source ({@code passphraseFile}, {@code passphraseEnv},
 * {@code passphraseSecret}); never the passphrase itself.
 */
@FunctionalInterface
public interface PassphraseSource {
    /**
     * @return the passphrase; the caller wipes the array after use
     * @throws dev.arca.api.ArcaException.InvalidInput when the location names no source or it cannot be read
     */
    char[] passphrase(BackupLocationSpec location);
}

package dev.arca.repository.snapshot;

/**
 * Authenticated encryption of small repository objects (manifests), provided by the content
 * layer's keys (AES-256-GCM there). The associated data binds a sealed object to its key in the
 * object store, so one manifest cannot be swapped for another.
 */
public interface Sealer {
    /** Encrypts and authenticates {@code plain} with {@code associatedData}. */
    byte[] seal(byte[] plain, byte[] associatedData);

    /**
     * Authenticates and decrypts.
     * @throws dev.arca.api.ArcaException.Corrupt (or any runtime exception, which the caller
     *         treats as corruption) when the data or associated data was altered
     */
    byte[] open(byte[] sealed, byte[] associatedData);
}

/**
 * Client-side encryption of everything Arca writes to a location: a decorator over any
 * {@link dev.arca.storage.ObjectStore} using Tink's streaming AEAD (AES-256-GCM-HKDF), with the
 * data keyset stored in the location wrapped by a key derived from a passphrase (scrypt).
 */
package dev.arca.storage.crypto;

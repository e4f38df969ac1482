package dev.arca.fleet.members;

import dev.arca.api.ArcaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The key that seals member credentials on the hub: a passphrase (scrypt derives the wrapping key)
 * or a key file of at least {@value #MIN_KEY_FILE_BYTES} random bytes (HKDF derives it). Exactly
 * one of the two is set. {@link #toString()} never shows the passphrase.
 *
 * @param passphrase the passphrase, or null when a key file is used
 * @param keyFile    the key file, or null when a passphrase is used
 */
public record FleetKey(char[] passphrase, Path keyFile) {
    /** The environment variable holding the fleet passphrase. */
    public static final String PASSPHRASE_ENV = "ARCA_FLEET_PASSPHRASE";
    static final int MIN_PASSPHRASE_LENGTH = 12;
    static final int MIN_KEY_FILE_BYTES = 32;

    public FleetKey {
        if ((passphrase == null) == (keyFile == null)) {
            throw new IllegalArgumentException("a fleet key is either a passphrase or a key file, exactly one of them");
        }
    }

    /**
     * The key file when one is given (it wins over the environment: a flag is the more explicit
     * choice), else the passphrase from {@value #PASSPHRASE_ENV}.
     *
     * @throws ArcaException.InvalidInput when neither is given, the passphrase is short, or the key
     *                                    file is unreadable, short, or readable by group or others
     */
    public static FleetKey from(Map<String, String> env, Path keyFile) {
        if (keyFile != null) {
            readKeyFile(keyFile); // fails now, before anything is written, rather than at the first seal
            return new FleetKey(null, keyFile);
        }
        String passphrase = env.get(PASSPHRASE_ENV);
        if (passphrase == null || passphrase.isEmpty()) {
            throw new ArcaException.InvalidInput("no fleet key: member credentials are sealed with a passphrase or a key file; "
                    + "set " + PASSPHRASE_ENV + " (" + MIN_PASSPHRASE_LENGTH + "+ characters) or pass --fleet-key-file FILE "
                    + "(" + MIN_KEY_FILE_BYTES + "+ random bytes, e.g. 'head -c 32 /dev/urandom > FILE; chmod 600 FILE')");
        }
        if (passphrase.length() < MIN_PASSPHRASE_LENGTH) {
            throw new ArcaException.InvalidInput("the fleet passphrase in " + PASSPHRASE_ENV + " is shorter than "
                    + MIN_PASSPHRASE_LENGTH + " characters; use a longer one");
        }
        return new FleetKey(passphrase.toCharArray(), null);
    }

    /** Whether this key is a passphrase (else a key file). */
    public boolean isPassphrase() {
        return passphrase != null;
    }

    /** The key file's bytes, checked again at each use (its permissions may have changed). */
    byte[] keyFileBytes() {
        return readKeyFile(keyFile);
    }

    private static byte[] readKeyFile(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                throw new ArcaException.InvalidInput("fleet key file " + file + " is readable by group or others; "
                        + "run 'chmod 600 " + file + "' (it opens every member's credentials)");
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length < MIN_KEY_FILE_BYTES) {
                Arrays.fill(bytes, (byte) 0);
                throw new ArcaException.InvalidInput("fleet key file " + file + " holds " + bytes.length + " bytes, fewer than "
                        + MIN_KEY_FILE_BYTES + "; write " + MIN_KEY_FILE_BYTES + "+ random bytes to it "
                        + "(e.g. 'head -c 32 /dev/urandom > " + file + "')");
            }
            return bytes;
        } catch (IOException | UnsupportedOperationException e) {
            throw new ArcaException.InvalidInput("cannot read fleet key file " + file + " (" + e.getClass().getSimpleName()
                    + "); check --fleet-key-file");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FleetKey k && Arrays.equals(passphrase, k.passphrase) && java.util.Objects.equals(keyFile, k.keyFile);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(passphrase) + java.util.Objects.hashCode(keyFile);
    }

    @Override
    public String toString() {
        return passphrase != null ? "FleetKey[passphrase]" : "FleetKey[keyFile=" + keyFile + "]";
    }
}

package dev.arca.server.install;

import dev.arca.api.ArcaException;
import dev.arca.server.resources.BackupLocationResourceSpec;
import java.util.regex.Pattern;

/**
 * One location for the server: the BackupLocation's spec as the server sees it (its Secret
 * references are set by {@link InstallManifests}), and the two secret values that go into the
 * Secret {@code arca-location-<name>}. {@link #toString()} never shows the secret values.
 *
 * @param passphrase the repository passphrase; null for an unencrypted location
 * @param credential the provider credential (an s3 credentials file, an azure key or SAS token, a gcs
 *                   key); null for the pod's ambient identity or a filesystem location
 */
public record InstallLocation(String name, BackupLocationResourceSpec spec, String passphrase, String credential) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?");

    public InstallLocation {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ArcaException.InvalidInput("location \"" + name + "\" cannot name a BackupLocation: it needs lower-case "
                    + "letters, digits and '-' only (at most 42, as its Secret is arca-location-<name>); add it again "
                    + "under such a name with 'arca location add'");
        }
        if (spec == null || spec.getProvider() == null) {
            throw new ArcaException.InvalidInput("location \"" + name + "\" has no provider");
        }
    }

    /** The Secret that holds the passphrase and credential. */
    public String secretName() {
        return "arca-location-" + name;
    }

    @Override
    public String toString() {
        return "InstallLocation[" + name + ", " + spec.getProvider() + ", passphrase " + (passphrase == null ? "none" : "set")
                + ", credential " + (credential == null ? "none" : "set") + "]";
    }
}

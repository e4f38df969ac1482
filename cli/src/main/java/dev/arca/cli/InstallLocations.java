package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.server.install.InstallLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.LocationProvider;
import dev.arca.storage.ObjectStores;
import dev.arca.storage.crypto.PassphraseSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns one of the CLI's locations ($ARCA_HOME) into what the server needs ({@code arca install
 * --location}): the BackupLocation's fields as the server sees them, and the values of the two
 * secrets, read from where the CLI reads them (the passphrase through the CLI's passphrase
 * sources; the credential from the location's credentials, key or SAS file). Notes what the server
 * cannot use as the CLI does on {@code err}; never prints a secret.
 */
final class InstallLocations {
    private final PassphraseSource passphrases;
    private final PrintWriter err;

    InstallLocations(PassphraseSource passphrases, PrintWriter err) {
        this.passphrases = passphrases;
        this.err = err;
    }

    /** The location for the server; {@code endpoint}, when not null, replaces the location's endpoint. */
    InstallLocation resolve(BackupLocationSpec location, String endpoint) {
        BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
        spec.setProvider(provider(location));
        spec.setAccessMode(location.accessMode());
        spec.setDefaultLocation(true);
        spec.setPrefix(location.get("prefix"));
        String credential = switch (spec.getProvider()) {
            case filesystem -> filesystem(location, spec);
            case s3 -> s3(location, spec);
            case azure -> azure(location, spec);
            case gcs -> gcs(location, spec);
        };
        if (endpoint != null) {
            if (spec.getProvider() == LocationProvider.filesystem) {
                throw new ArcaException.InvalidInput("--location-endpoint does not apply to location \"" + location.name()
                        + "\", a directory; leave it out");
            }
            spec.setEndpoint(endpoint);
        }
        warnIfLoopback(location.name(), spec.getEndpoint(), endpoint != null);
        return new InstallLocation(location.name(), spec, passphrase(location), credential);
    }

    private static LocationProvider provider(BackupLocationSpec location) {
        try {
            return LocationProvider.valueOf(location.provider());
        } catch (IllegalArgumentException e) {
            throw new ArcaException.InvalidInput("location \"" + location.name() + "\" has provider \"" + location.provider()
                    + "\", which the server does not know; use a filesystem, s3, azure or gcs location");
        }
    }

    private String filesystem(BackupLocationSpec location, BackupLocationResourceSpec spec) {
        spec.setPath(location.get("dir"));
        err.println("note: location \"" + location.name() + "\" is the directory " + location.get("dir")
                + "; the server's pod mounts it from its node at the same path and writes it as user 65532"
                + " (make it writable: chown -R 65532:65532 " + location.get("dir") + ")");
        return null;
    }

    private String s3(BackupLocationSpec location, BackupLocationResourceSpec spec) {
        spec.setBucket(location.get("bucket"));
        spec.setRegion(location.get("region"));
        spec.setEndpoint(location.get("endpoint"));
        String pathStyle = location.get("pathStyle");
        spec.setPathStyle(pathStyle != null ? Boolean.valueOf(pathStyle) : location.get("endpoint") != null ? Boolean.TRUE : null);
        String profile = location.get("profile");
        if (profile != null && !profile.equals("default")) {
            err.println("note: location \"" + location.name() + "\" uses profile \"" + profile + "\"; the whole credentials "
                    + "file goes into the Secret, and the server reads its default profile");
        }
        return file(location, "credentialsFile");
    }

    private String azure(BackupLocationSpec location, BackupLocationResourceSpec spec) {
        spec.setBucket(location.get("container"));
        String account = location.get("account");
        spec.setEndpoint(location.get("endpoint") != null ? location.get("endpoint")
                : account != null ? "https://" + account + ".blob.core.windows.net" : null);
        String key = file(location, "accountKeyFile");
        return key != null ? key : file(location, "sasTokenFile");
    }

    private String gcs(BackupLocationSpec location, BackupLocationResourceSpec spec) {
        spec.setBucket(location.get("bucket"));
        spec.setEndpoint(location.get("endpoint"));
        if (location.get("project") != null) {
            err.println("note: location \"" + location.name() + "\" names project \"" + location.get("project")
                    + "\", which a BackupLocation does not carry; the server uses the key's project");
        }
        return file(location, "credentialsFile");
    }

    private String passphrase(BackupLocationSpec location) {
        if (!ObjectStores.encrypted(location)) {
            return null;
        }
        char[] secret = passphrases.passphrase(location);
        try {
            return new String(secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** The content of the file the location's {@code key} names, or null when it names none. */
    private static String file(BackupLocationSpec location, String key) {
        String path = location.get(key);
        if (path == null || path.isBlank()) {
            return null;
        }
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("cannot read " + key + " " + path + " of location \"" + location.name()
                    + "\" (" + e.getClass().getSimpleName() + "); fix the file, or add the location again", e);
        }
    }

    private void warnIfLoopback(String name, String endpoint, boolean overridden) {
        if (endpoint == null || overridden) {
            return;
        }
        String host = URI.create(endpoint).getHost();
        if (host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"))) {
            err.println("warning: location \"" + name + "\" has endpoint " + endpoint + ", a loopback address that the "
                    + "server's pod cannot reach; give the address the pod can reach with --location-endpoint URL");
        }
    }
}

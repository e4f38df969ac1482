package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.repository.Repository;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStores;
import dev.arca.storage.crypto.LocationKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arca location rotate-key NAME --new-passphrase-file F}: re-wraps the location's data
 * keyset under a new passphrase and adds a new primary data key; when the location holds volume
 * data, then starts a new generation of the volume repository's data key, wrapped by the new
 * location key. Backups written before stay readable with the new passphrase; what is written
 * after cannot be read with the old passphrase or the keys it opened (README, docs/volumes.md).
 */
@Command(name = "rotate-key", mixinStandardHelpOptions = true,
        description = "Re-wrap an encrypted location's data key under a new passphrase and start new data keys "
                + "(the location's and its volume repository's).")
final class LocationRotateKeyCommand extends Context implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", description = "The location.") String name;

    /** The new passphrase's source; the old one is the location's current source. */
    static final class NewPassphrase {
        @picocli.CommandLine.Option(names = "--new-passphrase-file", description = "A file holding the new passphrase.")
        java.nio.file.Path file;
        @picocli.CommandLine.Option(names = "--new-passphrase-env", description = "An environment variable holding it.")
        String env;
        @picocli.CommandLine.Option(names = "--new-passphrase-secret", description = "A Kubernetes Secret holding it: namespace/name[:key].")
        String secret;
    }

    @Mixin NewPassphrase next;

    @Override
    public Integer call() {
        ArcaHome home = home();
        BackupLocationSpec current = home.location(name);
        if (!ObjectStores.encrypted(current)) {
            throw new ArcaException.InvalidInput("location \"" + name + "\" is not encrypted; there is no key to rotate");
        }
        EncryptionOptions source = new EncryptionOptions();
        source.file = next.file;
        source.env = next.env;
        source.secret = next.secret;
        Map<String, String> config = new LinkedHashMap<>(current.config());
        source.into(config, "--new-passphrase");
        BackupLocationSpec updated = new BackupLocationSpec(name, current.provider(), config, current.accessMode());
        CliPassphrases passphrases = new CliPassphrases(env, cluster);
        char[] oldSecret = passphrases.passphrase(current);
        char[] newSecret = passphrases.passphrase(updated);
        try (ObjectStore raw = ObjectStores.openRaw(current)) {
            LocationKeys.rotate(raw, name, oldSecret, newSecret, LocationKeys.Kdf.DEFAULT, Clock.systemUTC());
        } finally {
            Arrays.fill(oldSecret, '\0');
            Arrays.fill(newSecret, '\0');
        }
        List<BackupLocationSpec> locations = new ArrayList<>(home.load().locations());
        locations.replaceAll(l -> l.name().equals(name) ? updated : l);
        home.save(home.load().withLocations(home.load().defaultLocation(), locations));
        int generation = rotateRepository(updated, passphrases);
        spec.commandLine().getOut().println("location \"" + name + "\": data key rotated"
                + (generation > 0 ? ", volume repository key generation " + generation + " started" : "")
                + "; the new passphrase opens old and new backups");
        return ExitCode.OK;
    }

    /**
     * Starts a new key generation of the location's volume repository, if it holds one, under the
     * location's new key: from here on, new volume data is sealed under keys a holder of the old
     * passphrase never saw. Runs after the new key file and the new passphrase source are saved, so
     * a failure here leaves a working location whose repository still seals under its previous
     * generation, and says so. Returns the new generation, or 0 when there is no repository.
     */
    private int rotateRepository(BackupLocationSpec updated, CliPassphrases passphrases) {
        try (ObjectStore store = ObjectStores.open(updated, passphrases)) {
            return Repository.exists(store) ? Repository.rotateKeys(store) : 0;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("location \"" + name + "\": data key rotated and the new passphrase saved, but the"
                    + " volume repository still seals new data under its previous key; run 'arca location rotate-key " + name
                    + "' again (the new passphrase may be the same) once the cause below is fixed");
            throw e;
        }
    }
}

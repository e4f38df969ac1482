package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
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
 * keyset under a new passphrase and adds a new primary data key; backups written before stay
 * readable with the new passphrase.
 */
@Command(name = "rotate-key", mixinStandardHelpOptions = true,
        description = "Re-wrap an encrypted location's data key under a new passphrase and start a new data key.")
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
        home.save(new ArcaHome.Config(home.load().defaultLocation(), locations));
        spec.commandLine().getOut().println("location \"" + name + "\": data key rotated; the new passphrase opens old and new backups");
        return ExitCode.OK;
    }
}

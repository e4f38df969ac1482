package dev.arca.cli;

import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStores;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every command that touches a location shares: the environment, $ARCA_HOME, {@code --storage-location},
 * and {@code --kubeconfig}/{@code --context}: the cluster a backup or restore runs against, and the one
 * whose Secret holds a location's passphrase ({@code --passphrase-secret}).
 */
abstract class Context implements ArcaCommand.NeedsEnv {
    Map<String, String> env = Map.of();

    @Option(names = "--storage-location", description = "The location to use (default: the default location).")
    String location;

    @Mixin ClusterOptions cluster;

    @Override
    public void env(Map<String, String> env) {
        this.env = env;
    }

    ArcaHome home() {
        return new ArcaHome(env);
    }

    /** The item actions of the built-in set and of the jars in {@code $ARCA_HOME/plugins} (docs/plugins.md). */
    dev.arca.engine.Plugins plugins() {
        return dev.arca.engine.Plugins.fromDirectory(home().dir().resolve("plugins"));
    }

    BackupLocationSpec locationSpec() {
        return home().location(location);
    }

    /** The location's immutability period ({@code location add --immutable-for}); zero when it has none. */
    java.time.Duration immutableFor() {
        String value = locationSpec().get("immutableFor");
        return value == null ? java.time.Duration.ZERO : java.time.Duration.parse(value);
    }

    ObjectStore openStore() {
        return ObjectStores.open(locationSpec(), new CliPassphrases(env, cluster));
    }

    /**
     * Where the restores from {@code store} are recorded: the location itself, or, when it takes
     * no writes (ReadOnly), {@code $ARCA_HOME/restore-records/<location>}. Closing it is the
     * caller's business only when it is {@code store}.
     */
    ObjectStore recordsFor(ObjectStore store) {
        return store.writable() ? store
                : new dev.arca.storage.fs.FilesystemObjectStore(home().dir().resolve("restore-records").resolve(locationSpec().name()));
    }
}

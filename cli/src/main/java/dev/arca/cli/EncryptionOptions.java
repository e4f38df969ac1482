package dev.arca.cli;

import dev.arca.api.ArcaException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where a location's passphrase comes from: never a flag value, which would land in shell history. */
final class EncryptionOptions {
    @Option(names = "--passphrase-file", description = "A file holding the passphrase.")
    Path file;
    @Option(names = "--passphrase-env", description = "An environment variable holding the passphrase.")
    String env;
    @Option(names = "--passphrase-secret", description = "A Kubernetes Secret holding it: namespace/name[:key] (key: passphrase).")
    String secret;

    boolean given() {
        return file != null || env != null || secret != null;
    }

    /** Adds the one source given to a location's config, under the keys the passphrase sources read. */
    void into(Map<String, String> config, String prefix) {
        int count = (file != null ? 1 : 0) + (env != null ? 1 : 0) + (secret != null ? 1 : 0);
        if (count != 1) {
            throw new ArcaException.InvalidInput("give exactly one of " + prefix + "-file, " + prefix + "-env or " + prefix + "-secret");
        }
        config.remove("passphraseFile");
        config.remove("passphraseEnv");
        config.remove(CliPassphrases.SECRET);
        if (file != null) {
            config.put("passphraseFile", file.toAbsolutePath().normalize().toString());
        } else if (env != null) {
            config.put("passphraseEnv", env);
        } else {
            config.put(CliPassphrases.SECRET, secret);
        }
    }
}

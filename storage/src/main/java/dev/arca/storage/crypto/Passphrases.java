package dev.arca.storage.crypto;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Passphrases from a file ({@code passphraseFile}) or an environment variable ({@code passphraseEnv}). */
public final class Passphrases implements PassphraseSource {
    static final int MIN_LENGTH = 12;
    private final Map<String, String> env;

    public Passphrases(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public char[] passphrase(BackupLocationSpec location) {
        String file = location.get("passphraseFile");
        String var = location.get("passphraseEnv");
        if (file != null) {
            try {
                return check(Files.readString(Path.of(file), StandardCharsets.UTF_8).strip(), location, "file " + file);
            } catch (IOException e) {
                throw new ArcaException.InvalidInput("cannot read the passphrase file " + file + " of location \""
                        + location.name() + "\": " + e.getClass().getSimpleName());
            }
        }
        if (var != null) {
            String value = env.get(var);
            if (value == null) {
                throw new ArcaException.InvalidInput("the passphrase of location \"" + location.name()
                        + "\" comes from environment variable " + var + ", which is not set");
            }
            return check(value, location, "environment variable " + var);
        }
        throw new ArcaException.InvalidInput("location \"" + location.name() + "\" is encrypted but names no passphrase source; "
                + "set one with --passphrase-file, --passphrase-env or --passphrase-secret");
    }

    /** Refuses an empty or short passphrase, naming where it came from (never the value). */
    public static char[] check(String value, BackupLocationSpec location, String where) {
        if (value.length() < MIN_LENGTH) {
            throw new ArcaException.InvalidInput("the passphrase of location \"" + location.name() + "\" from " + where
                    + " is shorter than " + MIN_LENGTH + " characters; use a longer one");
        }
        return value.toCharArray();
    }
}

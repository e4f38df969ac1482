package dev.arca.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where backups live. The provider (found by name through {@code ServiceLoader}) reads its own
 * keys from {@code config}: {@code dir} for filesystem; {@code bucket}, {@code prefix},
 * {@code endpoint}, {@code region}, {@code pathStyle}, {@code credentialsFile} for s3.
 * Credentials are never stored here, only where to find them.
 *
 * @param name       the location's name, e.g. {@code default}
 * @param provider   {@code filesystem} or {@code s3} (more come as modules)
 * @param config     provider settings, no secrets
 * @param accessMode ReadWrite or ReadOnly (a restore-only location)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BackupLocationSpec(String name, String provider, Map<String, String> config, AccessMode accessMode) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?");

    public enum AccessMode { ReadWrite, ReadOnly }

    public BackupLocationSpec {
        validateName("location", name);
        if (provider == null || provider.isBlank()) {
            throw new ArcaException.InvalidInput("location \"" + name + "\" has no provider; use --dir or --s3");
        }
        config = config == null ? Map.of() : Map.copyOf(config);
        accessMode = accessMode == null ? AccessMode.ReadWrite : accessMode;
    }

    /** A config value, or null. */
    public String get(String key) {
        return config.get(key);
    }

    /** Checks a backup, restore or location name: a DNS-1123 subdomain, as Kubernetes names are. */
    public static void validateName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ArcaException.InvalidInput(what + " name \"" + name + "\" is not valid: use lower-case "
                    + "letters, digits, '-' and '.', starting and ending with a letter or digit (at most 63)");
        }
    }
}

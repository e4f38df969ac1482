package dev.arca.storage.gcs;

import dev.arca.api.ArcaException;
import dev.arca.storage.Endpoints;
import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.Keys;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A GCS location's settings, read and checked from a {@link BackupLocationSpec}'s config. Holds
 * where to find the service-account key, never the key itself.
 *
 * @param bucket          the bucket, which must exist
 * @param prefix          the object-name prefix every object goes under, without leading or trailing '/'; "" for none
 * @param credentialsFile a service-account JSON key file, or null for application default credentials
 * @param project         the project to bill and report against, or null for the key's (or the environment's)
 * @param endpoint        the JSON API host to talk to instead of Google's (an emulator in tests), or null
 */
public record GcsSettings(String bucket, String prefix, Path credentialsFile, String project, URI endpoint) {
    /** GCS's rule, less its rarely used dotted names over 63 characters. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]");

    public GcsSettings {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new ArcaException.InvalidInput("gcs bucket name \"" + bucket + "\" is not valid: use 3 to 63 "
                    + "lower-case letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
        }
        prefix = Keys.normalizePrefix(prefix);
        if (endpoint != null && (endpoint.getHost() == null
                || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
            throw new ArcaException.InvalidInput("gcs endpoint \"" + redact(endpoint)
                    + "\" is not an http(s) URL, e.g. http://127.0.0.1:4443");
        }
        project = project == null || project.isBlank() ? null : project.strip();
    }

    /** Reads the {@code gcs} provider's config keys; see {@link GcsProvider}. */
    public static GcsSettings from(BackupLocationSpec spec) {
        String bucket = spec.get("bucket");
        if (bucket == null || bucket.isBlank()) {
            throw new ArcaException.InvalidInput("location \"" + spec.name() + "\" (gcs) has no bucket; set its bucket");
        }
        String credentialsFile = spec.get("credentialsFile");
        return new GcsSettings(bucket.strip(), spec.get("prefix"),
                credentialsFile == null || credentialsFile.isBlank() ? null : Path.of(credentialsFile.strip()),
                spec.get("project"), Endpoints.parse(spec.name(), spec.get("endpoint"), "a gcs",
                        "use e.g. http://127.0.0.1:4443, or drop it to use Google's"));
    }

    /**
     * {@code gcs bucket B[/prefix]}, and {@code at ENDPOINT} when the endpoint is overridden; never a
     * credential, nor any user info, path or query of the endpoint.
     */
    public String describe() {
        return "gcs bucket " + bucket + (prefix.isEmpty() ? "" : "/" + prefix)
                + (endpoint == null ? "" : " at " + redact(endpoint));
    }

    /** The full object name of a store key: the prefix, '/', the key. */
    String fullName(String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /** What a store key's object name starts with: "" or the prefix and '/'. */
    String namePrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    /** The endpoint as the client library takes it: scheme, host and port. */
    String host() {
        return endpoint == null ? null : redact(endpoint);
    }

    private static String redact(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return uri.getRawUserInfo() == null && uri.getRawQuery() == null ? uri.toString() : "(not shown: it has user info)";
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}

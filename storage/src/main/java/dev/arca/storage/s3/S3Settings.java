package dev.arca.storage.s3;

import dev.arca.api.ArcaException;
import dev.arca.storage.Endpoints;
import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.Keys;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An S3 location's settings, read and checked from a {@link BackupLocationSpec}'s config. Holds
 * where to find credentials, never the credentials themselves.
 *
 * @param bucket                the bucket, which must exist
 * @param prefix                the key prefix every object goes under, without leading or trailing '/'; "" for none
 * @param endpoint              the S3 endpoint, or null for AWS
 * @param region                the signing region
 * @param pathStyle             address the bucket in the path ({@code http://host/bucket/key}), as local servers need
 * @param credentialsFile       an AWS shared-credentials file, or null for the SDK's default chain
 * @param profile               the profile to read from {@code credentialsFile}
 * @param checksumWhenSupported compute and validate checksums whenever the SDK can (AWS); otherwise only
 *                              when an operation requires it, which other S3-compatible stores need
 */
public record S3Settings(String bucket, String prefix, URI endpoint, String region, boolean pathStyle,
                         Path credentialsFile, String profile, boolean checksumWhenSupported) {
    public static final String DEFAULT_REGION = "us-east-1";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3Settings {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new ArcaException.InvalidInput("s3 bucket name \"" + bucket + "\" is not valid: use 3 to 63 "
                    + "lower-case letters, digits, '-' and '.'; set it with --bucket");
        }
        prefix = Keys.normalizePrefix(prefix);
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https")))) {
            throw new ArcaException.InvalidInput("s3 endpoint \"" + redact(endpoint)
                    + "\" is not an http(s) URL, e.g. http://127.0.0.1:9000");
        }
        region = region == null || region.isBlank() ? DEFAULT_REGION : region.strip();
        profile = profile == null || profile.isBlank() ? "default" : profile.strip();
    }

    /** Reads the {@code s3} provider's config keys; see {@link S3Provider}. */
    public static S3Settings from(BackupLocationSpec spec) {
        String bucket = spec.get("bucket");
        if (bucket == null || bucket.isBlank()) {
            throw new ArcaException.InvalidInput("location \"" + spec.name() + "\" (s3) has no bucket; set it with --bucket");
        }
        URI endpoint = Endpoints.parse(spec.name(), spec.get("endpoint"), "an s3", "use e.g. --endpoint http://127.0.0.1:9000");
        String pathStyle = spec.get("pathStyle");
        String credentialsFile = spec.get("credentialsFile");
        return new S3Settings(bucket.strip(), spec.get("prefix"), endpoint, spec.get("region"),
                pathStyle == null || pathStyle.isBlank() ? endpoint != null : bool(spec.name(), "pathStyle", pathStyle),
                credentialsFile == null || credentialsFile.isBlank() ? null : Path.of(credentialsFile.strip()),
                spec.get("profile"), checksum(spec.name(), spec.get("checksum")));
    }

    /** {@code s3 bucket B[/prefix] at ENDPOINT}; never a credential, nor any user info or query of the endpoint. */
    public String describe() {
        return "s3 bucket " + bucket + (prefix.isEmpty() ? "" : "/" + prefix) + " at " + endpointDescription();
    }

    /** The endpoint without user info, path or query, or AWS's regional endpoint when none is set. */
    public String endpointDescription() {
        return endpoint == null ? "https://s3." + region + ".amazonaws.com" : redact(endpoint);
    }

    /** The full object key of a store key: the prefix, '/', the key. */
    String fullKey(String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /** What a store key starts with in the bucket: "" or the prefix and '/'. */
    String keyPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    private static boolean bool(String location, String key, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ArcaException.InvalidInput("location \"" + location + "\" has " + key + "=\""
                    + value + "\"; use true or false");
        };
    }

    private static boolean checksum(String location, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "when_required" -> false;
            case "when_supported" -> true;
            default -> throw new ArcaException.InvalidInput("location \"" + location + "\" has checksum=\"" + value
                    + "\"; use when_required (the default, for any S3-compatible store) or when_supported");
        };
    }

    private static String redact(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return uri.getRawUserInfo() == null && uri.getRawQuery() == null ? uri.toString() : "(not shown: it has user info)";
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}

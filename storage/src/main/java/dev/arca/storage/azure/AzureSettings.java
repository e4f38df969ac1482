package dev.arca.storage.azure;

import dev.arca.api.ArcaException;
import dev.arca.storage.Endpoints;
import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.Keys;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Azure Blob location's settings, read and checked from a {@link BackupLocationSpec}'s config.
 * Holds where to find credentials, never the credentials themselves; see {@link AzureCredential}.
 *
 * @param container      the blob container, which must exist
 * @param prefix         the name prefix every blob goes under, without leading or trailing '/'; "" for none
 * @param endpoint       the blob service URL, e.g. {@code https://acct.blob.core.windows.net} or Azurite's
 *                       {@code http://127.0.0.1:10000/devstoreaccount1}; never with a query (a SAS goes in a file)
 * @param account        the storage account, which signs shared-key requests; null when it cannot be told
 *                       (then only a SAS can be used)
 * @param accountKeyFile a file holding the account key, or null
 * @param sasTokenFile   a file holding a SAS token, or null
 */
public record AzureSettings(String container, String prefix, URI endpoint, String account, Path accountKeyFile,
                            Path sasTokenFile) {
    /** The environment variable naming the account when neither {@code account} nor the endpoint does. */
    public static final String ENV_ACCOUNT = "AZURE_STORAGE_ACCOUNT";
    /** Config keys that would hold a secret: refused, so that no secret is ever stored in a location. */
    static final List<String> SECRET_KEYS = List.of("accountKey", "key", "sasToken", "sas", "connectionString");
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern ACCOUNT_HOST = Pattern.compile("([a-z0-9]{3,24})\\.blob\\..+");

    public AzureSettings {
        if (container == null || container.length() < 3 || container.length() > 63
                || !CONTAINER.matcher(container).matches()) {
            throw new ArcaException.InvalidInput("azure container name \"" + container + "\" is not valid: use 3 to 63 "
                    + "lower-case letters, digits and single '-' between them; set it with --container");
        }
        prefix = Keys.normalizePrefix(prefix);
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            throw new ArcaException.InvalidInput("azure storage account name \"" + account + "\" is not valid: use 3 to "
                    + "24 lower-case letters and digits; set it with --account");
        }
        if (endpoint == null) {
            if (account == null) {
                throw new ArcaException.InvalidInput("azure container " + container + " has neither an account nor an "
                        + "endpoint; set --account (or " + ENV_ACCOUNT + "), or --endpoint for another blob service");
            }
            endpoint = URI.create("https://" + account + ".blob.core.windows.net");
        }
        checkEndpoint(endpoint);
        endpoint = withoutTrailingSlash(endpoint);
        if (account == null) {
            account = accountOf(endpoint);
        }
        if (accountKeyFile != null && sasTokenFile != null) {
            throw new ArcaException.InvalidInput("azure container " + container + " has both accountKeyFile and "
                    + "sasTokenFile; keep one of them");
        }
    }

    /** Reads the {@code azure} provider's config keys with the process environment; see {@link AzureBlobProvider}. */
    public static AzureSettings from(BackupLocationSpec spec) {
        return from(spec, System.getenv());
    }

    /** Reads the {@code azure} provider's config keys, taking {@link #ENV_ACCOUNT} from {@code env}. */
    public static AzureSettings from(BackupLocationSpec spec, Map<String, String> env) {
        for (String secret : SECRET_KEYS) {
            if (spec.config().containsKey(secret)) {
                // the value is never echoed: it is the secret
                throw new ArcaException.InvalidInput("location \"" + spec.name() + "\" (azure) has \"" + secret
                        + "\" in its config, but a location never holds a secret: put the account key in a file and "
                        + "set accountKeyFile (or " + AzureCredential.ENV_KEY + "), or the SAS token in a file and set "
                        + "sasTokenFile (or " + AzureCredential.ENV_SAS + ")");
            }
        }
        String container = value(spec, "container");
        if (container == null) {
            throw new ArcaException.InvalidInput("location \"" + spec.name() + "\" (azure) has no container; "
                    + "set it with --container");
        }
        String account = value(spec, "account");
        if (account == null) {
            String fromEnv = env.get(ENV_ACCOUNT);
            account = fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
        }
        String keyFile = value(spec, "accountKeyFile");
        String sasFile = value(spec, "sasTokenFile");
        URI endpoint = Endpoints.parse(spec.name(), value(spec, "endpoint"), "an azure",
                "use e.g. --endpoint https://myaccount.blob.core.windows.net");
        return new AzureSettings(container, spec.get("prefix"), endpoint, account,
                keyFile == null ? null : Path.of(keyFile), sasFile == null ? null : Path.of(sasFile));
    }

    /** {@code azure container C[/prefix] at ENDPOINT}; never a key or SAS. */
    public String describe() {
        return "azure container " + container + (prefix.isEmpty() ? "" : "/" + prefix) + " at " + endpoint;
    }

    /** The full blob name of a store key: the prefix, '/', the key. */
    String blobName(String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /** What a store key starts with in the container: "" or the prefix and '/'. */
    String namePrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    private static String value(BackupLocationSpec spec, String key) {
        String v = spec.get(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Refuses anything but a plain http(s) URL; a query or user info is never echoed (it may be a SAS). */
    private static void checkEndpoint(URI endpoint) {
        if (endpoint.getRawQuery() != null || endpoint.getRawUserInfo() != null || endpoint.getRawFragment() != null) {
            throw new ArcaException.InvalidInput("the azure endpoint has a query, fragment or user info (not shown: "
                    + "it may hold a SAS token); give the bare blob service URL as --endpoint and the SAS token in a "
                    + "file as --sas-token-file");
        }
        if (endpoint.getScheme() == null || endpoint.getHost() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
            throw new ArcaException.InvalidInput("azure endpoint \"" + endpoint + "\" is not an http(s) URL, e.g. "
                    + "https://myaccount.blob.core.windows.net");
        }
    }

    private static URI withoutTrailingSlash(URI endpoint) {
        String s = endpoint.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    /** {@code acct} of {@code https://acct.blob.core.windows.net}, or of {@code http://127.0.0.1:10000/acct}. */
    private static String accountOf(URI endpoint) {
        Matcher host = ACCOUNT_HOST.matcher(endpoint.getHost());
        if (host.matches()) {
            return host.group(1);
        }
        String path = endpoint.getPath() == null ? "" : endpoint.getPath();
        String first = path.startsWith("/") ? path.substring(1) : path;
        int slash = first.indexOf('/');
        first = slash < 0 ? first : first.substring(0, slash);
        return ACCOUNT.matcher(first).matches() ? first : null;
    }
}

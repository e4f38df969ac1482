package dev.arca.storage.azure;

import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.arca.api.ArcaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * The secret an Azure location signs its requests with: the storage account's shared key or a
 * SAS token. Read when the store opens, from the file the settings name, else from the
 * environment; never stored in a location, and never shown: {@link #toString()} and every
 * message name only where the secret came from.
 */
sealed interface AzureCredential {
    /** The environment variable holding the account key when no file is set. */
    String ENV_KEY = "AZURE_STORAGE_KEY";
    /** The environment variable holding a SAS token when no file is set. */
    String ENV_SAS = "AZURE_STORAGE_SAS_TOKEN";

    /** Where the secret came from, e.g. {@code accountKeyFile /etc/arca/key} or {@code $AZURE_STORAGE_KEY}. */
    String source();

    /** Makes the client sign its requests with this credential. */
    void applyTo(BlobServiceClientBuilder builder);

    /** The account's shared key (base64), used to sign every request. */
    record SharedKey(String account, String key, String source) implements AzureCredential {
        @Override
        public void applyTo(BlobServiceClientBuilder builder) {
            builder.credential(new StorageSharedKeyCredential(account, key));
        }

        @Override
        public String toString() {
            return "shared key of account " + account + " from " + source;
        }
    }

    /** A shared access signature: the query string that grants access, without its leading '?'. */
    record Sas(String token, String source) implements AzureCredential {
        @Override
        public void applyTo(BlobServiceClientBuilder builder) {
            builder.sasToken(token);
        }

        @Override
        public String toString() {
            return "SAS token from " + source;
        }
    }

    /**
     * Resolves the credential: {@code accountKeyFile}, else {@code sasTokenFile}, else
     * {@link #ENV_KEY}, else {@link #ENV_SAS}. Fails with {@code InvalidInput} naming the source
     * (never the secret) when none is set, a file cannot be read, or the secret is malformed.
     */
    static AzureCredential resolve(AzureSettings settings, Map<String, String> env) {
        if (settings.accountKeyFile() != null) {
            return sharedKey(settings, read(settings, settings.accountKeyFile(), "accountKeyFile"),
                    "accountKeyFile " + settings.accountKeyFile());
        }
        if (settings.sasTokenFile() != null) {
            return sas(settings, read(settings, settings.sasTokenFile(), "sasTokenFile"),
                    "sasTokenFile " + settings.sasTokenFile());
        }
        String key = env.get(ENV_KEY);
        if (key != null && !key.isBlank()) {
            return sharedKey(settings, key.strip(), "$" + ENV_KEY);
        }
        String sas = env.get(ENV_SAS);
        if (sas != null && !sas.isBlank()) {
            return sas(settings, sas.strip(), "$" + ENV_SAS);
        }
        throw new ArcaException.InvalidInput(settings.describe() + " has no credentials: set accountKeyFile (a file "
                + "holding the account key) or sasTokenFile (a file holding a SAS token), or the environment variable "
                + ENV_KEY + " or " + ENV_SAS);
    }

    private static AzureCredential sharedKey(AzureSettings settings, String key, String source) {
        if (settings.account() == null) {
            throw new ArcaException.InvalidInput(settings.describe() + " uses a shared key from " + source
                    + " but names no storage account to sign with; set --account (or " + AzureSettings.ENV_ACCOUNT + ")");
        }
        try {
            if (Base64.getDecoder().decode(key).length == 0) {
                throw new IllegalArgumentException("empty");
            }
        } catch (IllegalArgumentException e) {
            // no cause: its message could quote part of the key
            throw new ArcaException.InvalidInput("the azure account key in " + source + " is not base64 (as the portal "
                    + "and 'az storage account keys list' show it); fix it or use a SAS token");
        }
        return new SharedKey(settings.account(), key, source);
    }

    private static AzureCredential sas(AzureSettings settings, String token, String source) {
        String t = token.startsWith("?") ? token.substring(1) : token;
        if (!t.contains("sig=") || t.contains("://")) {
            throw new ArcaException.InvalidInput("the azure SAS token in " + source + " does not look like one: it "
                    + "should be the query string of a SAS URL (sv=...&sig=...), without the URL before it");
        }
        return new Sas(t, source);
    }

    private static String read(AzureSettings settings, Path file, String setting) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ArcaException.InvalidInput("the " + setting + " " + file + " of " + settings.describe()
                    + " does not exist or cannot be read; fix " + setting + " or drop it to use " + ENV_KEY
                    + " or " + ENV_SAS);
        }
        String secret;
        try {
            secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("cannot read the " + setting + " " + file + ": " + e.getMessage(), e);
        }
        if (secret.isEmpty()) {
            throw new ArcaException.InvalidInput("the " + setting + " " + file + " of " + settings.describe()
                    + " is empty; write the secret into it");
        }
        return secret;
    }
}

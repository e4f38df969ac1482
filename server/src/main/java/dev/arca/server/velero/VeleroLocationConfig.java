package dev.arca.server.velero;

import dev.arca.server.resources.BackupLocationResourceSpec;
import java.util.List;
import java.util.Map;

/**
 * Maps a BackupStorageLocation's provider-specific {@code spec.config} strings onto Arca's
 * location fields, one method per Velero object-store plugin.
 */
final class VeleroLocationConfig {

    private static final String NO_SNAPSHOTS = "it configures Velero's volume snapshots; Arca takes none";
    private static final String CLIENT_SIDE = "Arca encrypts client-side with encryptionPassphrase and sets"
            + " no server-side encryption";
    private static final Map<String, String> AWS = Map.of(
            "kmsKeyId", CLIENT_SIDE,
            "serverSideEncryption", CLIENT_SIDE,
            "customerKeyEncryptionFile", CLIENT_SIDE,
            "publicUrl", "Arca hands out no download URLs",
            "profile", "Arca's location has no profile field; put the wanted keys in the credential file's"
                    + " default profile",
            "insecureSkipTLSVerify", "Arca always verifies TLS; trust the endpoint's CA in the server image",
            "signatureVersion", "Arca's s3 client always signs with Signature Version 4",
            "checksumAlgorithm", "Arca's s3 client chooses its own checksums",
            "tagging", "Arca tags no objects");
    private static final Map<String, String> AZURE = Map.of(
            "resourceGroup", "Arca reaches the container with the connection string, not through Azure Resource Manager",
            "subscriptionId", "Arca reaches the container with the connection string, not through Azure Resource Manager",
            "storageAccountKeyEnvVar", "Arca reads the account key from the credential's connection string",
            "useAAD", "Arca authenticates with the credential's connection string or the pod's identity",
            "activeDirectoryAuthorityURI", "Arca authenticates with the credential's connection string",
            "blockSizeInBytes", "Arca's azure client chooses its own block size",
            "apiTimeout", NO_SNAPSHOTS,
            "incremental", NO_SNAPSHOTS);
    private static final Map<String, String> GCP = Map.of(
            "serviceAccount", "Arca authenticates with the credential's service-account key or the pod's identity",
            "kmsKeyName", CLIENT_SIDE,
            "snapshotLocation", NO_SNAPSHOTS,
            "project", NO_SNAPSHOTS);

    private VeleroLocationConfig() {
    }

    static void aws(Fields config, BackupLocationResourceSpec arca, List<String> notes) {
        arca.setRegion(config.text("region"));
        String url = config.text("s3Url");
        if (url != null) {
            arca.setEndpoint(endpoint(config.path("s3Url"), url));
        }
        arca.setPathStyle(config.bool("s3ForcePathStyle"));
        config.dropRest(notes, AWS, "not a config key of Velero's aws plugin this importer knows");
    }

    static void azure(Fields config, BackupLocationResourceSpec arca, List<String> notes) {
        String uri = config.text("storageAccountURI");
        String account = config.text("storageAccount");
        if (uri != null) {
            arca.setEndpoint(endpoint(config.path("storageAccountURI"), uri));
        } else if (account != null) {
            arca.setEndpoint("https://" + account + ".blob.core.windows.net");
            notes.add(config.path("storageAccount") + " " + account + " → spec.endpoint " + arca.getEndpoint()
                    + ": the account's public blob endpoint; change it for a sovereign cloud");
        }
        config.dropRest(notes, AZURE, "not a config key of Velero's azure plugin this importer knows");
    }

    static void gcp(Fields config, BackupLocationResourceSpec arca, List<String> notes) {
        config.dropRest(notes, GCP, "not a config key of Velero's gcp plugin this importer knows");
    }

    private static String endpoint(String field, String url) {
        String trimmed = url.trim();
        if (!trimmed.matches("^https?://[^ ]+$")) {
            throw new ImportProblem(field + " is '" + url + "'; it must be an http:// or https:// URL");
        }
        return trimmed;
    }
}

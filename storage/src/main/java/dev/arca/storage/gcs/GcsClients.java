package dev.arca.storage.gcs;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.arca.api.ArcaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Builds the google-cloud-storage client of a location: JSON API over HTTP, credentials from the
 * service-account key file or the application default credentials, the endpoint override if any,
 * and a short retry budget of the library's own (whole operations are retried by
 * {@link dev.arca.storage.RetryingObjectStore} on top).
 */
final class GcsClients {
    /** Attempts per request inside the library: the first and two retries, as the AWS SDK does. */
    static final int DEFAULT_MAX_ATTEMPTS = 3;

    private GcsClients() {
    }

    /** A client for {@code settings}; fails with {@code InvalidInput} when no usable credentials are found. */
    static Storage connect(GcsSettings settings, int maxAttempts) {
        GoogleCredentials credentials = credentials(settings);
        String project = settings.project() != null ? settings.project()
                : credentials instanceof ServiceAccountCredentials sa ? sa.getProjectId() : null;
        StorageOptions.Builder builder = StorageOptions.http()
                .setCredentials(credentials)
                .setRetrySettings(StorageOptions.getDefaultRetrySettings().toBuilder()
                        .setMaxAttempts(maxAttempts)
                        .setInitialRetryDelayDuration(Duration.ofMillis(500))
                        .build());
        if (project != null) {
            builder.setProjectId(project);
        }
        if (settings.endpoint() != null) {
            builder.setHost(settings.host());
        }
        return builder.build().getService();
    }

    private static GoogleCredentials credentials(GcsSettings settings) {
        if (settings.credentialsFile() == null) {
            try {
                return GoogleCredentials.getApplicationDefault();
            } catch (IOException e) {
                throw new ArcaException.InvalidInput("no Google credentials found for " + settings.describe()
                        + ": set the location's credentialsFile to a service-account JSON key, or provide application "
                        + "default credentials (GOOGLE_APPLICATION_CREDENTIALS, or the attached service account)", e);
            }
        }
        if (!Files.isReadable(settings.credentialsFile())) {
            throw new ArcaException.InvalidInput("gcs credentials file " + settings.credentialsFile()
                    + " does not exist or cannot be read; fix credentialsFile or drop it to use application default"
                    + " credentials");
        }
        try (InputStream in = Files.newInputStream(settings.credentialsFile())) {
            return ServiceAccountCredentials.fromStream(in);
        } catch (IOException | RuntimeException e) {
            // no cause attached: a parser's message may quote the file, and the file holds a private key
            throw new ArcaException.InvalidInput("gcs credentials file " + settings.credentialsFile()
                    + " is not a service-account JSON key (" + e.getClass().getSimpleName() + "; it needs type "
                    + "service_account, client_email, private_key and private_key_id); create one with "
                    + "'gcloud iam service-accounts keys create'");
        }
    }
}

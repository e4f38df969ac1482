package dev.arca.storage.gcs;

import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStoreProvider;

/**
 * {@code provider: gcs}, Google Cloud Storage through its own client library. Config keys:
 * {@code bucket} (required), {@code prefix}, {@code credentialsFile} (a service-account JSON key;
 * otherwise the application default credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud's, or the
 * attached service account), {@code project} (default: the key's), {@code endpoint} (another JSON
 * API host, e.g. an emulator; default Google's).
 *
 * <p>A GCS bucket can also be used through the {@code s3} provider and GCS's S3-compatible XML
 * API with HMAC keys; docs/storage.md says how, and which of the two paths is tested how.
 */
public final class GcsProvider implements ObjectStoreProvider {
    @Override
    public String name() {
        return "gcs";
    }

    @Override
    public ObjectStore open(BackupLocationSpec spec) {
        return new GcsObjectStore(GcsSettings.from(spec));
    }
}

package dev.arca.storage.s3;

import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStoreProvider;

/**
 * {@code provider: s3}. Config keys: {@code bucket} (required), {@code prefix}, {@code endpoint}
 * (for S3-compatible stores), {@code region} (default us-east-1), {@code pathStyle} (default true
 * when an endpoint is set), {@code credentialsFile} and {@code profile} (an AWS shared-credentials
 * file; otherwise the SDK's default chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, ~/.aws, …),
 * {@code checksum} ({@code when_required}, the default, or {@code when_supported}).
 */
public final class S3Provider implements ObjectStoreProvider {
    @Override
    public String name() {
        return "s3";
    }

    @Override
    public ObjectStore open(BackupLocationSpec spec) {
        return new S3ObjectStore(S3Settings.from(spec));
    }
}

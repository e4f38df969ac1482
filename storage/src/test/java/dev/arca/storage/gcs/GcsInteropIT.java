package dev.arca.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStoreContract;
import dev.arca.storage.ObjectStores;
import dev.arca.storage.s3.S3ObjectStore;
import dev.arca.storage.s3.S3Settings;
import dev.arca.testkit.s3.S3Server;
import dev.arca.testkit.s3.S3ServerExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GCS bucket used through GCS's S3-compatible XML API: the {@code s3} provider configured as
 * docs/storage.md tells a GCS user to (path-style addressing, region {@code auto}, checksums only
 * when required, HMAC keys in an AWS credentials file), run through the object store contract
 * against a REAL S3 server, the testkit's s3proxy on loopback, standing where
 * https://storage.googleapis.com would. It proves those settings work with an S3 server that checks
 * signatures; it does not prove GCS's XML API accepts them, which only Google can.
 */
@ExtendWith(S3ServerExtension.class)
class GcsInteropIT extends ObjectStoreContract {
    /** GCS's XML API endpoint, which a user configures and this test replaces by s3proxy. */
    private static final String GCS_XML_ENDPOINT = "https://storage.googleapis.com";
    private static final int PART_SIZE = S3ObjectStore.MIN_PART_SIZE;

    private final S3Server s3;
    @TempDir
    Path dir;

    GcsInteropIT(S3Server s3) {
        this.s3 = s3;
    }

    @Override
    protected ObjectStore createStore() throws IOException {
        String bucket = s3.createUniqueBucket("gcs-interop");
        return new S3ObjectStore(S3Settings.from(gcsStyle(bucket, s3.endpoint(), hmacKeys())), PART_SIZE);
    }

    @Override
    protected int partSize() {
        return PART_SIZE;
    }

    /** The s3 provider aborts incomplete multipart uploads, which GCS's XML API lists and aborts too. */
    @Override
    protected boolean removesAbandonedWrites() {
        return true;
    }

    @Test
    void theDocumentedGcsSettingsAreWhatTheS3ProviderReads() throws IOException {
        S3Settings settings = S3Settings.from(gcsStyle("my-gcs-bucket", GCS_XML_ENDPOINT, hmacKeys()));

        assertThat(settings.endpoint()).isEqualTo(URI.create(GCS_XML_ENDPOINT));
        assertThat(settings.region()).isEqualTo("auto");
        assertThat(settings.pathStyle()).isTrue();
        assertThat(settings.checksumWhenSupported()).isFalse();
        assertThat(settings.describe()).isEqualTo("s3 bucket my-gcs-bucket/arca at https://storage.googleapis.com");
    }

    @Test
    void aGcsStyleLocationOpensThroughTheS3ProviderAndRoundTrips() throws IOException {
        String bucket = s3.createUniqueBucket("gcs-interop");
        try (ObjectStore opened = ObjectStores.open(gcsStyle(bucket, s3.endpoint(), hmacKeys()))) {
            opened.put("backups/b/backup.json", bytes("{\"ok\":true}"));

            assertThat(opened.getBytes("backups/b/backup.json")).isEqualTo(bytes("{\"ok\":true}"));
            assertThat(opened.list("")).extracting(ObjectStore.ObjectInfo::key).containsExactly("backups/b/backup.json");
        }
        assertThat(s3.basedir().resolve(bucket).resolve("arca/backups/b/backup.json")).exists();
    }

    /**
     * The location a GCS user writes for {@code arca location add NAME --s3 --bucket B --prefix arca
     * --endpoint https://storage.googleapis.com --region auto --credentials-file F}, with every
     * setting the docs name spelled out.
     */
    private static BackupLocationSpec gcsStyle(String bucket, String endpoint, Path credentials) {
        Map<String, String> config = new HashMap<>();
        config.put("bucket", bucket);
        config.put("prefix", "arca");
        config.put("endpoint", endpoint);
        config.put("region", "auto");
        config.put("pathStyle", "true");
        config.put("checksum", "when_required");
        config.put("credentialsFile", credentials.toString());
        return new BackupLocationSpec("gcs-interop", "s3", config, null);
    }

    /** An AWS credentials file holding the HMAC key's access ID and secret (here the test server's). */
    private Path hmacKeys() throws IOException {
        Path file = Files.createTempFile(dir, "hmac", "");
        return Files.writeString(file, "[default]\naws_access_key_id = " + s3.accessKey()
                + "\naws_secret_access_key = " + s3.secretKey() + "\n");
    }
}

package dev.arca.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3SettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsToUsEast1AndVirtualHostsOnAws() {
        S3Settings s = settings(Map.of("bucket", "backups"));

        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.pathStyle()).isFalse();
        assertThat(s.checksumWhenSupported()).isFalse();
        assertThat(s.prefix()).isEmpty();
        assertThat(s.describe()).isEqualTo("s3 bucket backups at https://s3.us-east-1.amazonaws.com");
    }

    @Test
    void anEndpointTurnsOnPathStyleUnlessSetOtherwise() {
        assertThat(settings(Map.of("bucket", "b1b", "endpoint", "http://127.0.0.1:9000")).pathStyle()).isTrue();
        assertThat(settings(Map.of("bucket", "b1b", "endpoint", "http://minio:9000", "pathStyle", "false"))
                .pathStyle()).isFalse();
    }

    @Test
    void anEndpointThatIsNotAUrlNamesTheLocationAndShowsOne() {
        assertThatThrownBy(() -> settings(Map.of("bucket", "b1b", "endpoint", "http://bad host:9000")))
                .isInstanceOf(dev.arca.api.ArcaException.InvalidInput.class)
                .hasMessageContaining("has an s3 endpoint that is not a URL").hasMessageContaining("use e.g. --endpoint http://127.0.0.1:9000");
    }

    @Test
    void thePrefixLosesItsSlashesAndPrefixesEveryKey() {
        S3Settings s = settings(Map.of("bucket", "b1b", "prefix", "/team/arca/"));

        assertThat(s.prefix()).isEqualTo("team/arca");
        assertThat(s.fullKey("backups/x/backup.json")).isEqualTo("team/arca/backups/x/backup.json");
        assertThat(s.describe()).startsWith("s3 bucket b1b/team/arca at ");
    }

    @Test
    void describeNeverShowsUserInfoPathOrQueryOfTheEndpoint() {
        S3Settings s = settings(Map.of("bucket", "b1b", "endpoint", "https://key:hunter2@s3.example.com:8443/p?token=t0k"));

        assertThat(s.describe()).isEqualTo("s3 bucket b1b at https://s3.example.com:8443");
        assertThat(s.describe()).doesNotContain("hunter2").doesNotContain("t0k");
    }

    @Test
    void badSettingsAreRejectedNamingTheSettingAndTheFix() {
        assertThatThrownBy(() -> settings(Map.of("bucket", "Bad_Bucket")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("Bad_Bucket");
        assertThatThrownBy(() -> settings(Map.of("bucket", "b1b", "prefix", "a/../b")))
                .isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> settings(Map.of("bucket", "b1b", "pathStyle", "maybe")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("pathStyle=\"maybe\"");
        assertThatThrownBy(() -> settings(Map.of("bucket", "b1b", "checksum", "always")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("when_supported");
        assertThatThrownBy(() -> settings(Map.of("bucket", "b1b", "endpoint", "ftp://host")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> settings(Map.of("bucket", "b1b", "endpoint", "http://a b")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("--endpoint");
    }

    @Test
    void checksumWhenSupportedCanBeChosen() {
        assertThat(settings(Map.of("bucket", "b1b", "checksum", "WHEN_SUPPORTED")).checksumWhenSupported()).isTrue();
        assertThat(settings(Map.of("bucket", "b1b", "checksum", "when_required")).checksumWhenSupported()).isFalse();
    }

    @Test
    void aMissingCredentialsFileIsRejectedWhenTheStoreOpens() {
        S3Settings s = settings(Map.of("bucket", "b1b", "credentialsFile", dir.resolve("nope").toString()));

        assertThatThrownBy(() -> new S3ObjectStore(s)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("credentials file " + dir.resolve("nope")).hasMessageContaining("AWS_ACCESS_KEY_ID");
    }

    @Test
    void aCredentialsFileWithoutTheProfileIsRejectedNamingTheProfile() throws IOException {
        Path file = Files.writeString(dir.resolve("credentials"),
                "[other]\naws_access_key_id = AKID\naws_secret_access_key = s3cr3t\n");
        S3Settings s = settings(Map.of("bucket", "b1b", "credentialsFile", file.toString(), "profile", "arca"));

        assertThatThrownBy(() -> new S3ObjectStore(s)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("profile \"arca\"").hasMessageNotContaining("s3cr3t");
    }

    @Test
    void partsSmallerThanS3AcceptsAreRefused() {
        S3Settings s = settings(Map.of("bucket", "b1b", "endpoint", "http://127.0.0.1:1"));

        assertThatThrownBy(() -> new S3ObjectStore(s, 1024 * 1024)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least " + S3ObjectStore.MIN_PART_SIZE);
    }

    @Test
    void aProviderNamedS3OpensTheStore() {
        BackupLocationSpec spec = new BackupLocationSpec("cloud", "s3", Map.of("bucket", "b1b",
                "endpoint", "http://127.0.0.1:1"), null);

        try (var store = new S3Provider().open(spec)) {
            assertThat(new S3Provider().name()).isEqualTo("s3");
            assertThat(store.describe()).isEqualTo("s3 bucket b1b at http://127.0.0.1:1");
            assertThat(URI.create("http://127.0.0.1:1")).isEqualTo(((S3ObjectStore) store).settings().endpoint());
        }
    }

    private static S3Settings settings(Map<String, String> config) {
        return S3Settings.from(new BackupLocationSpec("loc", "s3", config, null));
    }
}

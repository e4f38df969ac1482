package dev.arca.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcsSettingsTest {
    @Test
    void onlyTheBucketIsRequiredAndDescribeNamesIt() {
        GcsSettings s = settings(Map.of("bucket", "team-backups"));

        assertThat(s.prefix()).isEmpty();
        assertThat(s.credentialsFile()).isNull();
        assertThat(s.project()).isNull();
        assertThat(s.endpoint()).isNull();
        assertThat(s.describe()).isEqualTo("gcs bucket team-backups");
    }

    @Test
    void everyConfigKeyIsRead() {
        GcsSettings s = settings(Map.of("bucket", "b_1.x", "prefix", "/team/arca/", "credentialsFile", " /etc/arca/sa.json ",
                "project", " my-project ", "endpoint", "http://127.0.0.1:4443"));

        assertThat(s.prefix()).isEqualTo("team/arca");
        assertThat(s.credentialsFile()).isEqualTo(Path.of("/etc/arca/sa.json"));
        assertThat(s.project()).isEqualTo("my-project");
        assertThat(s.host()).isEqualTo("http://127.0.0.1:4443");
        assertThat(s.fullName("backups/a/backup.json")).isEqualTo("team/arca/backups/a/backup.json");
        assertThat(s.namePrefix()).isEqualTo("team/arca/");
        assertThat(s.describe()).isEqualTo("gcs bucket b_1.x/team/arca at http://127.0.0.1:4443");
    }

    @Test
    void describeNeverShowsUserInfoPathOrQueryOfTheEndpoint() {
        GcsSettings s = settings(Map.of("bucket", "b1b", "endpoint", "https://user:secret@gcs.local:8443/path?token=t"));

        assertThat(s.describe()).isEqualTo("gcs bucket b1b at https://gcs.local:8443")
                .doesNotContain("secret").doesNotContain("token");
    }

    @Test
    void aMissingBucketNamesTheLocation() {
        assertThatThrownBy(() -> settings(Map.of("prefix", "p"))).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("location \"gcs-test\" (gcs) has no bucket; set its bucket");
    }

    @Test
    void invalidBucketsPrefixesAndEndpointsAreRejected() {
        assertThatThrownBy(() -> settings(Map.of("bucket", "Upper"))).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("gcs bucket name \"Upper\" is not valid");
        assertThatThrownBy(() -> settings(Map.of("bucket", "a..b"))).isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> settings(Map.of("bucket", "b1b", "prefix", "a/../b")))
                .isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> settings(Map.of("bucket", "b1b", "endpoint", "ftp://host")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("is not an http(s) URL");
        assertThatThrownBy(() -> settings(Map.of("bucket", "b1b", "endpoint", "http://bad host")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("is not a URL");
    }

    private static GcsSettings settings(Map<String, String> config) {
        return GcsSettings.from(new BackupLocationSpec("gcs-test", "gcs", config, null));
    }
}

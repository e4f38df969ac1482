package dev.arca.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Config parsing, validation, credential resolution and redaction; no server. */
class AzureSettingsTest {
    private static final String KEY = "c2VjcmV0LWtleS1ieXRlcy1mb3ItYXJjYS10ZXN0cw==";
    private static final String SAS = "sv=2025-01-05&se=2030-01-01T00%3A00%3A00Z&sr=c&sp=rl&sig=c2lnbmF0dXJl%3D";

    @TempDir
    Path dir;

    @Test
    void theEndpointDefaultsToTheAccountsBlobServiceOnAzure() {
        AzureSettings s = settings(Map.of("container", "backups", "account", "myacct"));

        assertThat(s.endpoint()).isEqualTo(URI.create("https://myacct.blob.core.windows.net"));
        assertThat(s.prefix()).isEmpty();
        assertThat(s.describe()).isEqualTo("azure container backups at https://myacct.blob.core.windows.net");
    }

    @Test
    void theAccountIsTakenFromTheEndpointOrTheEnvironmentWhenNotSet() {
        assertThat(settings(Map.of("container", "c1c", "endpoint", "http://127.0.0.1:10000/devstoreaccount1/"))
                .account()).isEqualTo("devstoreaccount1");
        assertThat(settings(Map.of("container", "c1c", "endpoint", "https://prod01.blob.core.windows.net"))
                .account()).isEqualTo("prod01");
        assertThat(AzureSettings.from(spec(Map.of("container", "c1c")), Map.of(AzureSettings.ENV_ACCOUNT, "fromenv"))
                .endpoint()).isEqualTo(URI.create("https://fromenv.blob.core.windows.net"));
        assertThat(settings(Map.of("container", "c1c", "endpoint", "https://blobs.example.com")).account()).isNull();
    }

    @Test
    void thePrefixLosesItsSlashesAndPrefixesEveryBlobName() {
        AzureSettings s = settings(Map.of("container", "c1c", "account", "acct", "prefix", "/team/arca/"));

        assertThat(s.prefix()).isEqualTo("team/arca");
        assertThat(s.blobName("backups/x/backup.json")).isEqualTo("team/arca/backups/x/backup.json");
        assertThat(s.namePrefix()).isEqualTo("team/arca/");
        assertThat(s.describe()).isEqualTo("azure container c1c/team/arca at https://acct.blob.core.windows.net");
    }

    @Test
    void anEndpointWithAQueryOrUserInfoIsRefusedWithoutEchoingIt() {
        for (String endpoint : new String[] {"https://acct.blob.core.windows.net/?" + SAS,
                "https://user:hunter2@acct.blob.core.windows.net"}) {
            assertThatThrownBy(() -> settings(Map.of("container", "c1c", "endpoint", endpoint)))
                    .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("--sas-token-file")
                    .hasMessageNotContaining("sig=").hasMessageNotContaining("hunter2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"accountKey", "sasToken", "connectionString", "key", "sas"})
    void aSecretInTheConfigIsRefusedWithoutEchoingIt(String secretKey) {
        Map<String, String> config = Map.of("container", "c1c", "account", "acct", secretKey, "hunter2");

        assertThatThrownBy(() -> settings(config)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("\"" + secretKey + "\"").hasMessageContaining("never holds a secret")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void badSettingsAreRejectedNamingTheSettingAndTheFix() {
        assertThatThrownBy(() -> settings(Map.of("account", "acct")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("has no container");
        for (String bad : new String[] {"Bad_Container", "ab", "a--b", "-ab", "ab-"}) {
            assertThatThrownBy(() -> settings(Map.of("container", bad, "account", "acct")))
                    .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("\"" + bad + "\"");
        }
        assertThatThrownBy(() -> settings(Map.of("container", "c1c", "account", "My-Account")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("--account");
        assertThatThrownBy(() -> settings(Map.of("container", "c1c")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("neither an account nor an endpoint");
        assertThatThrownBy(() -> settings(Map.of("container", "c1c", "endpoint", "ftp://host/acct")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> settings(Map.of("container", "c1c", "endpoint", "http://a b")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("--endpoint");
        assertThatThrownBy(() -> settings(Map.of("container", "c1c", "account", "acct", "prefix", "a/../b")))
                .isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> settings(Map.of("container", "c1c", "account", "acct", "accountKeyFile", "/k",
                "sasTokenFile", "/s"))).isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("keep one");
    }

    @Test
    void aKeyOrSasFromAFileWinsOverTheEnvironmentAndIsNeverShown() throws IOException {
        Map<String, String> env = Map.of(AzureCredential.ENV_KEY, "ZW52LWtleQ==", AzureCredential.ENV_SAS, "sv=1&sig=e");
        AzureCredential key = credential(Map.of("accountKeyFile", secret(KEY + "\n").toString()), env);
        AzureCredential sas = credential(Map.of("sasTokenFile", secret("?" + SAS).toString()), env);

        assertThat(key).isInstanceOfSatisfying(AzureCredential.SharedKey.class, k -> {
            assertThat(k.key()).isEqualTo(KEY);
            assertThat(k.account()).isEqualTo("acct");
        });
        assertThat(sas).isInstanceOfSatisfying(AzureCredential.Sas.class, s -> assertThat(s.token()).isEqualTo(SAS));
        assertThat(key.toString()).startsWith("shared key of account acct from accountKeyFile ").doesNotContain(KEY);
        assertThat(sas.toString()).startsWith("SAS token from sasTokenFile ").doesNotContain("c2lnbmF0dXJl");
    }

    @Test
    void withoutAFileTheKeyThenTheSasComeFromTheEnvironment() {
        AzureCredential key = credential(Map.of(), Map.of(AzureCredential.ENV_KEY, KEY, AzureCredential.ENV_SAS, SAS));
        AzureCredential sas = credential(Map.of(), Map.of(AzureCredential.ENV_SAS, " " + SAS + " "));

        assertThat(key.source()).isEqualTo("$AZURE_STORAGE_KEY");
        assertThat(sas.source()).isEqualTo("$AZURE_STORAGE_SAS_TOKEN");
        assertThat(((AzureCredential.Sas) sas).token()).isEqualTo(SAS);
    }

    @Test
    void missingOrMalformedCredentialsAreRefusedNamingTheSourceButNeverTheSecret() throws IOException {
        assertThatThrownBy(() -> credential(Map.of(), Map.of())).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("has no credentials").hasMessageContaining("AZURE_STORAGE_KEY");
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> credential(Map.of("accountKeyFile", missing.toString()), Map.of()))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("accountKeyFile " + missing)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> credential(Map.of("sasTokenFile", secret("  \n").toString()), Map.of()))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> credential(Map.of("accountKeyFile", secret("not*base64!hunter2").toString()), Map.of()))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("is not base64")
                .hasMessageNotContaining("hunter2").hasNoCause();
        String sasUrl = "https://acct.blob.core.windows.net/c?" + SAS;
        assertThatThrownBy(() -> credential(Map.of(), Map.of(AzureCredential.ENV_SAS, sasUrl)))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("$AZURE_STORAGE_SAS_TOKEN")
                .hasMessageNotContaining("c2lnbmF0dXJl").hasMessageNotContaining("acct.blob");
        assertThatThrownBy(() -> credential(Map.of(), Map.of(AzureCredential.ENV_SAS, "sv=2025-01-05&sp=r")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("does not look like one");
    }

    @Test
    void aSharedKeyNeedsAnAccountToSignWith() {
        Map<String, String> config = Map.of("container", "c1c", "endpoint", "https://blobs.example.com");
        AzureSettings s = settings(config);

        assertThatThrownBy(() -> AzureCredential.resolve(s, Map.of(AzureCredential.ENV_KEY, KEY)))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("names no storage account");
        assertThat(AzureCredential.resolve(s, Map.of(AzureCredential.ENV_SAS, SAS))).isInstanceOf(AzureCredential.Sas.class);
    }

    @Test
    void aProviderNamedAzureOpensTheStoreWithoutContactingIt() throws IOException {
        BackupLocationSpec spec = spec(Map.of("container", "c1c", "endpoint", "http://127.0.0.1:1/devstoreaccount1",
                "accountKeyFile", secret(KEY).toString()));

        try (ObjectStore store = new AzureBlobProvider().open(spec)) {
            assertThat(new AzureBlobProvider().name()).isEqualTo("azure");
            assertThat(store.describe()).isEqualTo("azure container c1c at http://127.0.0.1:1/devstoreaccount1");
        }
    }

    @Test
    void blocksSmallerThanTheMinimumAreRefused() throws IOException {
        AzureSettings s = settings(Map.of("container", "c1c", "account", "acct", "accountKeyFile", secret(KEY).toString()));

        assertThatThrownBy(() -> new AzureBlobObjectStore(s, 1024)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least " + AzureBlobObjectStore.MIN_BLOCK_SIZE);
    }

    private AzureCredential credential(Map<String, String> extra, Map<String, String> env) {
        Map<String, String> config = new HashMap<>(Map.of("container", "c1c", "account", "acct"));
        config.putAll(extra);
        return AzureCredential.resolve(settings(config), env);
    }

    private Path secret(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "secret", ""), content);
    }

    private static AzureSettings settings(Map<String, String> config) {
        return AzureSettings.from(spec(config), Map.of());
    }

    private static BackupLocationSpec spec(Map<String, String> config) {
        return new BackupLocationSpec("loc", "azure", config, null);
    }
}

package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupLocationSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca install --dry-run -o yaml} and the flags of install and uninstall, without a cluster. */
class InstallCommandTest {
    private static final String PASSPHRASE = "a passphrase nobody guesses 42";
    private static final String AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";

    @TempDir
    Path home;

    private Cli arca() {
        return new Cli(home, home.resolve("no-kubeconfig")); // never read: a dry run does not connect
    }

    @Test
    void aDryRunPrintsTheSameBytesTwiceWithTheObjectsInApplyOrder() {
        Cli.Result first = arca().run("install", "--dry-run", "-o", "yaml");
        Cli.Result second = arca().run("install", "--dry-run", "-o", "yaml");
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo(second.out());
        assertThat(kinds(first.out())).containsExactly("Namespace", "CustomResourceDefinition", "CustomResourceDefinition",
                "CustomResourceDefinition", "CustomResourceDefinition", "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRole",
                "ClusterRoleBinding", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "Service");
        assertThat(first.err()).isEmpty();
    }

    @Test
    void theFlagsReachTheObjects() {
        Cli.Result r = arca().run("install", "--dry-run", "-o", "yaml", "--namespace", "backup-system", "--image",
                "registry.example/arca:1.2", "--image-pull-policy", "Always", "--replicas", "2", "--metrics-port", "9100");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("name: backup-system").contains("image: registry.example/arca:1.2")
                .contains("imagePullPolicy: Always").contains("replicas: 2").contains("- :9100")
                .contains("prometheus.io/port: \"9100\"").doesNotContain("namespace: arca\n");
    }

    @Test
    void anEncryptedDirectoryLocationBecomesABackupLocationWhosePassphraseIsRedactedInTheOutput() throws Exception {
        Path passphraseFile = Files.writeString(home.resolve("pass"), PASSPHRASE + "\n");
        Cli arca = arca();
        Cli.Result added = arca.run("location", "add", "local", "--dir", home.resolve("vault").toString(),
                "--passphrase-file", passphraseFile.toString());
        assertThat(added.code()).as(added.toString()).isZero();

        Cli.Result r = arca.run("install", "--dry-run", "-o", "yaml", "--location", "local");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(kinds(r.out())).endsWith("Secret", "BackupLocation");
        assertThat(r.out()).contains("name: arca-location-local").contains("passphrase: <redacted>")
                .contains("path: " + home.resolve("vault")).contains("provider: filesystem");
        assertThat(r.err()).contains("Secret arca-location-local").contains("<redacted>");
        assertNoSecretIn(r, PASSPHRASE);
    }

    @Test
    void anS3LocationOnLoopbackIsWarnedAboutAndTheEndpointOverrideReplacesIt() throws Exception {
        Path credentials = Files.writeString(home.resolve("aws"),
                "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = " + AWS_SECRET + "\n");
        ArcaHome arcaHome = new ArcaHome(Map.of("ARCA_HOME", home.toString()));
        arcaHome.save(new ArcaHome.Config("s3", List.of(new BackupLocationSpec("s3", "s3", Map.of("bucket", "backups",
                "endpoint", "http://127.0.0.1:9000", "credentialsFile", credentials.toString()), null)), List.of()));

        Cli.Result loopback = arca().run("install", "--dry-run", "-o", "yaml", "--location", "s3");
        assertThat(loopback.code()).as(loopback.toString()).isZero();
        assertThat(loopback.err()).contains("warning: location \"s3\" has endpoint http://127.0.0.1:9000")
                .contains("--location-endpoint");
        assertThat(loopback.out()).contains("credential: <redacted>").contains("pathStyle: true");
        assertNoSecretIn(loopback, AWS_SECRET);

        Cli.Result overridden = arca().run("install", "--dry-run", "-o", "yaml", "--location", "s3",
                "--location-endpoint", "http://10.88.0.1:9000");
        assertThat(overridden.out()).contains("endpoint: http://10.88.0.1:9000").doesNotContain("127.0.0.1");
        assertThat(overridden.err()).doesNotContain("warning");
    }

    @Test
    void badFlagCombinationsAreInvalidInputNamingTheFlag() {
        Cli.Result json = arca().run("install", "--dry-run", "-o", "json");
        assertThat(json.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(json.err()).contains("-o takes only yaml");
        Cli.Result endpointAlone = arca().run("install", "--dry-run", "--location-endpoint", "http://10.0.0.1:9000");
        assertThat(endpointAlone.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(endpointAlone.err()).contains("--location-endpoint needs --location");
        Cli.Result unknown = arca().run("install", "--dry-run", "--location", "nowhere");
        assertThat(unknown.code()).as(unknown.toString()).isNotZero();
        assertThat(unknown.err()).contains("location \"nowhere\" is not configured");
        Cli.Result badNamespace = arca().run("install", "--dry-run", "--namespace", "Not_Valid");
        assertThat(badNamespace.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(badNamespace.err()).contains("\"Not_Valid\"");
    }

    static List<String> kinds(String yaml) {
        Matcher m = Pattern.compile("(?m)^kind: (\\S+)$").matcher(yaml);
        List<String> kinds = new java.util.ArrayList<>();
        while (m.find()) {
            kinds.add(m.group(1));
        }
        return kinds;
    }

    /** Neither the secret nor its base64 appear in stdout or stderr. */
    static void assertNoSecretIn(Cli.Result r, String secret) {
        String encoded = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        for (String line : (r.out() + r.err()).split("\n")) {
            assertThat(line).doesNotContain(secret).doesNotContain(encoded)
                    .doesNotContain(Base64.getEncoder().encodeToString((secret + "\n").getBytes(StandardCharsets.UTF_8)));
        }
    }
}

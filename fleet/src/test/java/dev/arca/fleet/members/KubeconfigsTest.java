package dev.arca.fleet.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigsTest {
    @TempDir
    Path dir;

    @Test
    void keepsOnlyTheChosenContextAndEmbedsFilesItNamesByPath() throws Exception {
        Files.writeString(dir.resolve("ca.crt"), "CA-BYTES");
        Files.writeString(dir.resolve("token"), "file-token-123\n");
        Path kubeconfig = Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters:
                - {name: one, cluster: {server: "https://one:6443", certificate-authority: ca.crt}}
                - {name: two, cluster: {server: "https://two:6443", insecure-skip-tls-verify: true}}
                users:
                - {name: u1, user: {tokenFile: token}}
                - {name: u2, user: {token: other-token}}
                contexts:
                - {name: c1, context: {cluster: one, user: u1, namespace: apps}}
                - {name: c2, context: {cluster: two, user: u2}}
                current-context: c2
                """);

        Kubeconfigs.Flat flat = Kubeconfigs.flatten(kubeconfig, "c1");
        String yaml = new String(flat.yaml(), StandardCharsets.UTF_8);

        assertThat(flat.server()).isEqualTo("https://one:6443");
        assertThat(flat.context()).isEqualTo("c1");
        assertThat(yaml).contains(Base64.getEncoder().encodeToString("CA-BYTES".getBytes(StandardCharsets.UTF_8)))
                .contains("file-token-123").doesNotContain("two:6443").doesNotContain("other-token")
                .doesNotContain("ca.crt").doesNotContain("tokenFile");
        io.fabric8.kubernetes.client.Config config = Kubeconfigs.clientConfig(flat.yaml());
        assertThat(config.getMasterUrl()).startsWith("https://one:6443");
        assertThat(config.getAutoOAuthToken()).isEqualTo("file-token-123");
        assertThat(config.getNamespace()).isEqualTo("apps");
        assertThat(flat.toString()).doesNotContain("file-token-123");
    }

    @Test
    void anExecPluginOrAMissingContextIsRefusedWithoutShowingCredentials() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: one, cluster: {server: "https://one:6443"}}]
                users: [{name: u1, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}}}]
                contexts: [{name: c1, context: {cluster: one, user: u1}}]
                current-context: c1
                """);

        assertThatThrownBy(() -> Kubeconfigs.flatten(kubeconfig, null)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("plugin (exec)");
        assertThatThrownBy(() -> Kubeconfigs.flatten(kubeconfig, "nope")).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("context \"nope\" is not in member kubeconfig");
    }
}

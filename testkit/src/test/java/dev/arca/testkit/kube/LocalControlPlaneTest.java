package dev.arca.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link LocalControlPlane} against a stand-in {@code scripts/local-cluster}; no cluster. */
class LocalControlPlaneTest {

    @TempDir
    Path repo;

    @Test
    void failsWithTheInstallHintWhenTheBinariesAreMissing() throws IOException {
        Path emptyBin = Files.createDirectories(repo.resolve("empty-bin"));
        writeScript("echo " + emptyBin, "exit 99");

        assertThatThrownBy(() -> LocalControlPlane.start(repo))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the local control plane is not installed: run 'scripts/local-cluster install'"
                        + " (builds Kubernetes 1.20.2 once, ~20 min)");
        assertThat(calls()).containsExactly("bin", "stop");
    }

    @Test
    void reportsTheScriptOutputAndStopsWhenStartFails() throws IOException {
        writeScript("echo " + fakeBin(), "echo 'kube-apiserver did not become ready' >&2; exit 1");

        assertThatThrownBy(() -> LocalControlPlane.start(repo))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scripts/local-cluster start failed (exit 1)")
                .hasMessageContaining("kube-apiserver did not become ready");
        assertThat(calls()).containsExactly("bin", "start", "stop");
    }

    @Test
    void readsTheKubeconfigTheScriptWritesAndStopsOnClose() throws IOException {
        writeScript("echo " + fakeBin(), """
                mkdir -p "$ARCA_CLUSTER_DIR"
                printf '%s\\n' 'apiVersion: v1' 'kind: Config' 'clusters:' '- name: local' \\
                  '  cluster: {server: "https://127.0.0.1:6443/", insecure-skip-tls-verify: true}' \\
                  'users:' '- name: admin' '  user: {token: secret}' \\
                  'contexts:' '- name: local' '  context: {cluster: local, user: admin}' \\
                  'current-context: local' >"$ARCA_CLUSTER_DIR/kubeconfig"
                """);

        Path stateDir;
        try (LocalControlPlane plane = LocalControlPlane.start(repo)) {
            stateDir = plane.kubeconfig().getParent();
            assertThat(plane.apiServerUrl()).isEqualTo("https://127.0.0.1:6443");
            assertThat(plane.kubeconfig()).isRegularFile();
            assertThat(plane.client().getConfiguration().getAutoOAuthToken()).isEqualTo("secret");
            assertThat(calls()).containsExactly("bin", "start");
        }
        assertThat(calls()).containsExactly("bin", "start", "stop");
        assertThat(stateDir.getParent()).doesNotExist();
    }

    @Test
    void findsTheRepositoryRootAboveTheWorkingDirectory() {
        Path root = ClusterScript.locate().repoRoot();

        assertThat(root.resolve("scripts/local-cluster")).isExecutable();
        assertThat(Path.of(System.getProperty("user.dir")).toAbsolutePath()).startsWith(root);
    }

    private Path fakeBin() throws IOException {
        Path bin = Files.createDirectories(repo.resolve("bin"));
        for (String name : List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl")) {
            executable(bin.resolve(name), "#!/bin/sh\nexit 0\n");
        }
        return bin;
    }

    /** A stand-in script that records each command in calls.txt and answers 'bin' and 'start'. */
    private void writeScript(String bin, String start) throws IOException {
        Path script = repo.resolve("scripts/local-cluster");
        Files.createDirectories(script.getParent());
        executable(script, "#!/usr/bin/env bash\n"
                + "echo \"$1\" >>'" + repo.resolve("calls.txt") + "'\n"
                + "case \"$1\" in\n"
                + "  bin) " + bin + " ;;\n"
                + "  start)\n" + start + "\n  ;;\n"
                + "  stop) rm -rf \"$ARCA_CLUSTER_DIR\" ;;\n"
                + "esac\n");
    }

    private List<String> calls() throws IOException {
        Path calls = repo.resolve("calls.txt");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}

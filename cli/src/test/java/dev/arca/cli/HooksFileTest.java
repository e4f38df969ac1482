package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupHooks;
import dev.arca.api.HookErrorMode;
import dev.arca.api.RestoreHooks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HooksFileTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("hooks.yaml"), yaml);
    }

    @Test
    void readsVelerosBackupHooksShape() throws Exception {
        BackupHooks hooks = HooksFile.backup(write("""
                hooks:
                  resources:
                    - name: freeze-db
                      includedNamespaces: [shop]
                      includedResources: [pods]
                      labelSelector:
                        matchLabels: {app: db}
                        matchExpressions:
                          - {key: tier, operator: NotIn, values: [test]}
                      pre:
                        - exec:
                            container: db
                            command: ["/sbin/fsfreeze", "--freeze", "/var/lib/postgresql"]
                            onError: Fail
                            timeout: 45s
                      post:
                        - exec:
                            command: ["/sbin/fsfreeze", "--unfreeze", "/var/lib/postgresql"]
                            onError: Continue
                """));

        BackupHooks.Rule rule = hooks.resources().get(0);
        assertThat(rule.name()).isEqualTo("freeze-db");
        assertThat(rule.includedNamespaces()).containsExactly("shop");
        assertThat(rule.labelSelector().text()).isEqualTo("app=db,tier notin (test)");
        assertThat(rule.pre().get(0).exec().container()).isEqualTo("db");
        assertThat(rule.pre().get(0).exec().timeout("x")).hasSeconds(45);
        assertThat(rule.post().get(0).exec().onError()).isEqualTo(HookErrorMode.Continue);
    }

    @Test
    void readsVelerosRestoreHooksShapeWithInitContainersAndExecHooks() throws Exception {
        RestoreHooks hooks = HooksFile.restore(write("""
                resources:
                  - name: warm-cache
                    includedNamespaces: [shop]
                    postHooks:
                      - init:
                          initContainers:
                            - name: restore-hook-init
                              image: localhost/debian:bookworm
                              command: [/bin/sh, -c, "echo ok > /data/x"]
                              volumeMounts: [{name: data, mountPath: /data}]
                          timeout: 2m
                      - exec:
                          container: app
                          command: [cat, /data/x]
                          execTimeout: 1m
                          waitTimeout: 5m
                          onError: Fail
                """));

        RestoreHooks.Rule rule = hooks.resources().get(0);
        assertThat(rule.postHooks().get(0).init().initContainers().get(0).volumeMounts().get(0).mountPath()).isEqualTo("/data");
        assertThat(rule.postHooks().get(1).exec().onError()).isEqualTo(HookErrorMode.Fail);
    }

    @Test
    void aBadTimeoutOrUnknownFieldIsInvalidInputNamingTheRuleOrThePlace() throws Exception {
        Path badTimeout = write("""
                hooks:
                  resources:
                    - name: freeze-db
                      pre: [{exec: {command: [sync], timeout: soon}}]
                """);
        assertThatThrownBy(() -> HooksFile.backup(badTimeout)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("backup hook rule \"freeze-db\" pre timeout \"soon\" is not a valid duration");

        Path unknown = write("""
                hooks:
                  resources:
                    - name: freeze-db
                      pre: [{exec: {command: [sync], onErorr: Fail}}]
                """);
        assertThatThrownBy(() -> HooksFile.backup(unknown)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("hooks file " + unknown + " at hooks.resources[0].pre[0].exec.onErorr: unknown field \"onErorr\"")
                .hasMessageContaining("docs/hooks.md");

        Path noList = write("hooks: {}\n");
        assertThatThrownBy(() -> HooksFile.restore(noList)).hasMessageContaining("has no hooks.resources list");
    }

    @Test
    void backupAndRestoreCreateRefuseAMalformedHooksFileWithExitTwoBeforeAnyConnection() throws Exception {
        Cli arca = new Cli(dir, null);
        Path bad = write("hooks:\n  resources:\n    - pre: [{exec: {command: [sync]}}]\n");
        String kubeconfig = dir.resolve("none").toString(); // never read: the file is refused first

        Cli.Result backup = arca.run("backup", "create", "b", "--hooks-file", bad.toString(), "--kubeconfig", kubeconfig);
        Cli.Result restore = arca.run("restore", "create", "--from-backup", "b", "--hooks-file", bad.toString(),
                "--kubeconfig", kubeconfig);

        assertThat(backup.code()).as(backup.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(backup.err()).contains("every backup hook rule needs a name (hooks.resources[].name)");
        assertThat(restore.code()).as(restore.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(restore.err()).as("a backup's hooks given to a restore").contains("at hooks.resources[0].pre: unknown field \"pre\"")
                .contains("postHooks");
        assertThat(dir.resolve("backups")).doesNotExist();
    }
}

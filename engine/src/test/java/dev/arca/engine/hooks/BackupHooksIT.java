package dev.arca.engine.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupHooks;
import dev.arca.api.BackupSpec;
import dev.arca.api.HookSelector;
import dev.arca.api.Phase;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.BackupManifest;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.kube.WithNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Backup exec hooks in running pods: annotations and spec rules, order, Fail, Continue and a hanging command. */
@WithNode
@ExtendWith(ControlPlaneExtension.class)
class BackupHooksIT {
    private static final String PRE = "pre.hook.backup.velero.io/";
    private static final String POST = "post.hook.backup.velero.io/";
    @TempDir
    Path dir;

    private static BackupSpec spec(String ns) {
        return new BackupSpec(List.of(ns), null, null, null, null, null, null, null, null);
    }

    private static String log(ObjectStore store, String backup) throws Exception {
        try (ArchiveReader reader = ArchiveReader.open(store, backup); InputStream in = reader.log()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anAnnotatedPreHookRunsBeforeTheCollectionAndARulesPostHookAfterWithExitCodesAndOutputInTheLog(
            KubernetesClient client, TestNamespace ns) throws Exception {
        HookPods.create(client, ns.name(), "db", Map.of("app", "db"), Map.of(
                PRE + "container", "app",
                PRE + "command", "[\"/bin/sh\", \"-c\", \"echo frozen > /data/state; echo pre-output\"]"));
        HookPods.awaitReady(client, ns.name(), "db");
        BackupHooks rules = new BackupHooks(List.of(new BackupHooks.Rule("thaw", List.of(ns.name()), null,
                new HookSelector(Map.of("app", "db"), null), null, List.of(new BackupHooks.Step(new BackupHooks.Exec(null,
                List.of("/bin/sh", "-c", "test \"$(cat /data/state)\" = frozen && echo thawed > /data/state && echo post-output"),
                null, "20s"))))));
        ObjectStore store = new FilesystemObjectStore(dir.resolve("location"));

        BackupManifest manifest = new BackupRunner(client, store, EngineOptions.defaults())
                .run("hooked", spec(ns.name()).withHooks(rules), ProgressListener.NONE);

        assertThat(manifest.phase()).as("%s", manifest.outcome()).isEqualTo(Phase.Completed);
        assertThat(HookPods.exec(client, ns.name(), "db", "cat", "/data/state")).isEqualTo("thawed\n");
        String log = log(store, "hooked");
        int pre = log.indexOf("pre hook (annotation) in pod " + ns.name() + "/db container app, command [/bin/sh -c echo frozen");
        int collected = log.indexOf("backed up 1 pods in " + ns.name());
        int post = log.indexOf("post hook (rule thaw) in pod " + ns.name() + "/db container app");
        assertThat(pre).as(log).isNotNegative();
        assertThat(collected).as(log).isGreaterThan(pre);
        assertThat(post).as(log).isGreaterThan(collected);
        assertThat(log.substring(pre)).contains("exited 0 after").contains("pre-output");
        assertThat(log.substring(post)).contains("exited 0 after").contains("post-output");
    }

    @Test
    void aFailingPreHookWithFailFailsTheBackupNamingPodContainerCommandAndExitCodeAndStillRunsThePostHook(
            KubernetesClient client, TestNamespace ns) {
        HookPods.create(client, ns.name(), "db", Map.of(), Map.of(
                PRE + "command", "[\"/bin/sh\", \"-c\", \"echo cannot freeze >&2; exit 3\"]",
                POST + "command", "[\"/bin/sh\", \"-c\", \"echo post-ran > /data/post\"]"));
        HookPods.awaitReady(client, ns.name(), "db");
        ObjectStore store = new FilesystemObjectStore(dir.resolve("location"));

        assertThatThrownBy(() -> new BackupRunner(client, store, EngineOptions.defaults())
                .run("failing", spec(ns.name()), ProgressListener.NONE))
                .isInstanceOf(ArcaException.class)
                .hasMessageContaining("pre hook (annotation) in pod " + ns.name() + "/db container app")
                .hasMessageContaining("command [/bin/sh -c echo cannot freeze >&2; exit 3]")
                .hasMessageContaining("exited 3 (on-error: Fail)");

        try (ArchiveReader reader = ArchiveReader.open(store, "failing")) {
            assertThat(reader.manifest().phase()).isEqualTo(Phase.Failed);
            assertThat(reader.manifest().outcome().errors()).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("exited 3"));
        }
        assertThat(HookPods.exec(client, ns.name(), "db", "cat", "/data/post")).isEqualTo("post-ran\n");
    }

    @Test
    void aFailingHookWithContinueAndAHangingOneStoppedAtItsTimeoutAreWarningsOfACompletedBackup(
            KubernetesClient client, TestNamespace ns) {
        HookPods.create(client, ns.name(), "db", Map.of(), Map.of(
                PRE + "command", "[\"/bin/sh\", \"-c\", \"exit 5\"]",
                PRE + "on-error", "Continue",
                POST + "command", "[\"sleep\", \"600\"]",
                POST + "on-error", "Fail",
                POST + "timeout", "3s"));
        HookPods.awaitReady(client, ns.name(), "db");
        ObjectStore store = new FilesystemObjectStore(dir.resolve("location"));
        long start = System.nanoTime();

        BackupManifest manifest = new BackupRunner(client, store, EngineOptions.defaults())
                .run("lenient", spec(ns.name()), ProgressListener.NONE);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the hanging hook is not waited for").isLessThan(Duration.ofSeconds(60));
        assertThat(manifest.outcome().warnings()).anySatisfy(p -> assertThat(p.message())
                .contains("pre hook (annotation) in pod " + ns.name() + "/db").contains("exited 5 (on-error: Continue)"));
        assertThat(manifest.phase()).as("a post hook that fails with Fail: the data is complete, the run is not")
                .isEqualTo(Phase.PartiallyFailed);
        assertThat(manifest.outcome().errors()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("command [sleep 600]").contains("did not finish within its timeout of 3.0s"));
    }
}

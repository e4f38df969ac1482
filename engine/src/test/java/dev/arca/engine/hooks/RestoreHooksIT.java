package dev.arca.engine.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.api.BackupSpec;
import dev.arca.api.HookErrorMode;
import dev.arca.api.HookSelector;
import dev.arca.api.Phase;
import dev.arca.api.RestoreHooks;
import dev.arca.api.RestoreSpec;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRecords;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.kube.WithNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Restore hooks on restored pods: an init container that runs first, and exec hooks once the container is Ready. */
@WithNode
@ExtendWith(ControlPlaneExtension.class)
class RestoreHooksIT {
    @TempDir
    Path dir;

    @Test
    void anInitContainerPreparesThePodsDataAndPostRestoreHooksRunOnceItIsReadyWithResultsInTheRecord(
            KubernetesClient client, TestNamespace ns) {
        HookPods.create(client, ns.name(), "web", Map.of("app", "web"), Map.of(
                "init.hook.restore.velero.io/container-image", HookPods.DEBIAN,
                "init.hook.restore.velero.io/container-name", "prepare",
                "init.hook.restore.velero.io/command", "[\"/bin/sh\", \"-c\", \"echo restored-by-init > /data/marker\"]",
                "post.hook.restore.velero.io/command", "[\"/bin/sh\", \"-c\", \"cat /data/marker\"]",
                "post.hook.restore.velero.io/wait-timeout", "2m"));
        HookPods.create(client, ns.name(), "worker", Map.of("app", "worker"), Map.of());
        HookPods.awaitReady(client, ns.name(), "web", "worker");
        ObjectStore store = new FilesystemObjectStore(dir.resolve("location"));
        BackupSpec backup = new BackupSpec(List.of(ns.name()), null, List.of("pods"), null, null, null, null, null, null);
        assertThat(new BackupRunner(client, store, EngineOptions.defaults()).run("b", backup, ProgressListener.NONE).phase())
                .isEqualTo(Phase.Completed);
        client.pods().inNamespace(ns.name()).withName("web").delete();
        client.pods().inNamespace(ns.name()).withName("worker").delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace(ns.name()).list().getItems().isEmpty());
        RestoreHooks rules = new RestoreHooks(List.of(new RestoreHooks.Rule("check-worker", List.of(ns.name()), null,
                new HookSelector(Map.of("app", "worker"), null), List.of(new RestoreHooks.Step(null, new RestoreHooks.Exec(
                "app", List.of("/bin/sh", "-c", "echo worker-not-warm; exit 4"), HookErrorMode.Fail, "10s", "2m"))))));

        RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults()).run("r",
                new RestoreSpec("b", null, null, null, null, null, null, null, false, false, null, null).withHooks(rules),
                ProgressListener.NONE);

        Pod web = client.pods().inNamespace(ns.name()).withName("web").get();
        assertThat(web.getSpec().getInitContainers()).singleElement().satisfies(c -> assertThat(c.getName()).isEqualTo("prepare"));
        assertThat(web.getStatus().getInitContainerStatuses()).singleElement()
                .satisfies(s -> assertThat(s.getState().getTerminated().getExitCode()).isZero());
        assertThat(record.hooks()).hasSize(2);
        assertThat(record.hooks()).anySatisfy(h -> {
            assertThat(h.pod()).isEqualTo("web");
            assertThat(h.source()).isEqualTo("annotation");
            assertThat(h.exitCode()).isZero();
            assertThat(h.output()).isEqualTo("restored-by-init\n");
            assertThat(h.failure()).isNull();
        });
        assertThat(record.hooks()).anySatisfy(h -> {
            assertThat(h.pod()).isEqualTo("worker");
            assertThat(h.source()).isEqualTo("rule check-worker");
            assertThat(h.exitCode()).isEqualTo(4);
            assertThat(h.output()).contains("worker-not-warm");
            assertThat(h.failure()).contains("container app, command [/bin/sh -c echo worker-not-warm; exit 4], exited 4");
        });
        assertThat(record.phase()).as("a hook that fails with Fail is an error of the restore").isEqualTo(Phase.PartiallyFailed);
        assertThat(record.outcome().errors()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("worker");
            assertThat(p.message()).contains("exited 4 (on-error: Fail)");
        });
        assertThat(RestoreRecords.read(store, "r").hooks()).as("kept in the stored record").hasSize(2);
    }
}

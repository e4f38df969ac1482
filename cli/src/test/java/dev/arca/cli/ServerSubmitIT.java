package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.server.controller.ArcaServer;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.Crds;
import dev.arca.server.resources.LocationProvider;
import dev.arca.server.resources.Resources;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI handing work to a server (here in the test JVM, on the real control plane):
 * {@code backup create --server} follows the run to Completed; {@code --from-schedule} runs a
 * Schedule's template; {@code restore create --server} brings deleted objects back;
 * {@code backup cancel} stops a running backup and says Cancelled.
 */
@ExtendWith(ControlPlaneExtension.class)
class ServerSubmitIT {
    @TempDir
    Path dir;

    @Test
    void backupRestoreFromScheduleAndCancelGoThroughTheServer(LocalControlPlane cluster, KubernetesClient client, TestNamespace ns)
            throws Exception {
        Crds.apply(client, "arca-test", Duration.ofSeconds(60));
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("app")
                .endMetadata().addToData("k", "v").build()).create();
        AtomicBoolean stall = new AtomicBoolean();
        try (ArcaServer server = ArcaServer.start(client, ArcaServer.Options.defaults(ns.name(), "cli-test", dir.resolve("state"))
                .withoutLeaderElection().withStoreWrapper(store -> stallWhen(store, stall)))) {
            BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
            spec.setProvider(LocationProvider.filesystem);
            spec.setPath(dir.resolve("loc").toString());
            spec.setDefaultLocation(true);
            BackupLocation location = new BackupLocation();
            location.setMetadata(new ObjectMetaBuilder().withName("main").withNamespace(ns.name()).build());
            location.setSpec(spec);
            client.resource(location).create();
            Cli arca = new Cli(dir.resolve("home"), cluster.kubeconfig());

            Cli.Result backup = arca.run("backup", "create", "by-cli", "--server", "-n", ns.name(), "--include-namespaces", ns.name());
            assertThat(backup.code()).as(backup.toString()).isEqualTo(ExitCode.OK);
            assertThat(backup.out()).contains("backup \"by-cli\" Completed");

            client.configMaps().inNamespace(ns.name()).withName("app").delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.configMaps().inNamespace(ns.name()).withName("app").get() == null);
            Cli.Result restore = arca.run("restore", "create", "back", "--from-backup", "by-cli", "--server", "-n", ns.name(),
                    "--include-resources", "configmaps");
            assertThat(restore.code()).as(restore.toString()).isEqualTo(ExitCode.OK);
            assertThat(client.configMaps().inNamespace(ns.name()).withName("app").get().getData()).containsEntry("k", "v");

            Cli.Result schedule = arca.run("schedule", "create", "weekly", "-n", ns.name(), "--schedule", "@weekly",
                    "--include-namespaces", ns.name());
            assertThat(schedule.code()).as(schedule.toString()).isEqualTo(ExitCode.OK);
            Cli.Result now = arca.run("backup", "create", "weekly-now", "--from-schedule", "weekly", "-n", ns.name());
            assertThat(now.code()).as(now.toString()).isEqualTo(ExitCode.OK);
            Backup made = client.resources(Backup.class).inNamespace(ns.name()).withName("weekly-now").get();
            assertThat(made.getMetadata().getLabels()).containsEntry(Resources.SCHEDULE_LABEL, "weekly");
            assertThat(made.getSpec().getIncludedNamespaces()).containsExactly(ns.name());

            stall.set(true);
            Cli.Result submitted = arca.run("backup", "create", "to-cancel", "--server", "--no-follow", "-n", ns.name(),
                    "--include-namespaces", ns.name());
            assertThat(submitted.code()).isEqualTo(ExitCode.OK);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Backup b = client.resources(Backup.class).inNamespace(ns.name()).withName("to-cancel").get();
                return b.getStatus() != null && b.getStatus().getPhase() == BackupPhase.InProgress;
            });
            Cli.Result cancel = arca.run("backup", "cancel", "to-cancel", "-n", ns.name());
            assertThat(cancel.code()).as(cancel.toString()).isEqualTo(ExitCode.OK);
            assertThat(cancel.out()).contains("backup \"to-cancel\" Cancelled");

            Cli.Result noSuch = arca.run("restore", "cancel", "no-such-restore", "-n", ns.name());
            assertThat(noSuch.code()).as(noSuch.toString()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(noSuch.err()).contains("restore " + ns.name() + "/no-such-restore is not a server restore here")
                    .contains("restores.arca.dev");
        }
    }

    private static ObjectStore stallWhen(ObjectStore store, AtomicBoolean stall) {
        return new ForwardingObjectStore(store) {
            @Override
            public ObjectWriter writer(String key) {
                while (stall.get()) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while writing " + key, e);
                    }
                }
                return super.writer(key);
            }
        };
    }
}

package dev.arca.server.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.archive.LocationLayout;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.Restore;
import dev.arca.server.resources.RestorePhase;
import dev.arca.server.resources.RestoreResourceSpec;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's Restore reconciler and cancel: {@code spec.cancel} stops a running restore within
 * seconds (phase Cancelled, an Event, the restore's lease on the backup released), and a restore
 * cancelled before it ran applies nothing.
 */
@ExtendWith(ControlPlaneExtension.class)
class RestoreServerIT {
    @TempDir
    Path dir;

    @Test
    void cancelStopsARunningRestoreWithinSecondsAndReleasesItsLeaseOnTheBackup(KubernetesClient client, TestNamespace ns)
            throws Exception {
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("app")
                .endMetadata().addToData("k", "v").build()).create();
        AtomicBoolean stall = new AtomicBoolean(false);
        CountDownLatch reading = new CountDownLatch(1);
        String copy = ns.name() + "-copy";
        try (ServerFixture s = new ServerFixture(client, ns.name(), dir.resolve("state"),
                o -> o.withStoreWrapper(store -> stallReadsOf(store, LocationLayout.resourcesKey("src"), stall, reading)))) {
            s.filesystemLocation("main", dir.resolve("loc"), true);
            s.backup("src", null, ns.name());
            s.awaitPhase("src", BackupPhase.Completed);
            stall.set(true);
            s.create(restore(ns.name(), "slow", "src", Map.of(ns.name(), copy), false));
            assertThat(reading.await(60, TimeUnit.SECONDS)).as("the restore reached the backup's items").isTrue();
            assertThat(restore(client, ns, "slow").getStatus().getPhase()).isEqualTo(RestorePhase.InProgress);
            try (ObjectStore store = new FilesystemObjectStore(dir.resolve("loc"))) {
                assertThat(store.list(LocationLayout.backupPrefix("src"))).as("the running restore holds a lease")
                        .anyMatch(o -> LocationLayout.isLeaseKey("src", o.key()));
            }

            long asked = System.nanoTime();
            client.resources(Restore.class).inNamespace(ns.name()).withName("slow")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"cancel\":true}}");
            Restore cancelled = awaitFinal(client, ns, "slow");
            assertThat(cancelled.getStatus().getPhase()).isEqualTo(RestorePhase.Cancelled);
            assertThat(cancelled.getStatus().getFailureReason()).contains("cancelled");
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(10));
            await().atMost(ServerFixture.WAIT).until(() -> s.eventReasons("slow").contains("Cancelled"));
            try (ObjectStore store = new FilesystemObjectStore(dir.resolve("loc"))) {
                assertThat(store.list(LocationLayout.backupPrefix("src"))).as("the lease is released")
                        .noneMatch(o -> LocationLayout.isLeaseKey("src", o.key()));
            }
            assertThat(client.configMaps().inNamespace(copy).withName("app").get()).as("nothing was applied").isNull();
        } finally {
            stall.set(false);
            client.namespaces().withName(copy).delete();
        }
    }

    @Test
    void aRestoreCancelledBeforeItRunsAppliesNothing(KubernetesClient client, TestNamespace ns) {
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("app")
                .endMetadata().addToData("k", "v").build()).create();
        String copy = ns.name() + "-never";
        try (ServerFixture s = new ServerFixture(client, ns.name(), dir.resolve("state"), o -> o)) {
            s.filesystemLocation("main", dir.resolve("loc"), true);
            s.backup("src", null, ns.name());
            s.awaitPhase("src", BackupPhase.Completed);
            s.create(restore(ns.name(), "never", "src", Map.of(ns.name(), copy), true));
            assertThat(awaitFinal(client, ns, "never").getStatus().getPhase()).isEqualTo(RestorePhase.Cancelled);
            assertThat(client.namespaces().withName(copy).get()).as("nothing was applied").isNull();
            await().atMost(ServerFixture.WAIT).until(() -> s.eventReasons("never").contains("Cancelled"));
        }
    }

    @Test
    void aRestoreNamingAnEnvironmentTakesItsMappingMappersAndParameterisedModifiersAndAMissingOneFailsClearly(
            KubernetesClient client, TestNamespace ns) {
        client.resource("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers: [{name: web, image: "registry.prod:5000/shop/web:1.2"}]
                """).inNamespace(ns.name()).create();
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().addToData("color", "red").build()).create();
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("qa-modifiers")
                .endMetadata().addToData("rules.yaml", """
                        version: v1
                        resourceModifierRules:
                        - conditions: {groupResource: configmaps, resourceNameRegex: "^settings$"}
                          patches: [{operation: replace, path: /data/color, value: "${color}"}]
                        """).build()).create();
        dev.arca.server.resources.EnvironmentResourceSpec spec = new dev.arca.server.resources.EnvironmentResourceSpec();
        String qa = ns.name() + "-qa";
        spec.setNamespaceMapping(Map.of(ns.name(), qa));
        spec.setImageMap(java.util.List.of("registry.prod:5000=registry.qa.local"));
        spec.setResourceModifierConfigMaps(java.util.List.of("qa-modifiers"));
        spec.setParameters(Map.of("color", "teal: #0ff"));
        dev.arca.server.resources.Environment env = new dev.arca.server.resources.Environment();
        env.setMetadata(new ObjectMetaBuilder().withName("qa").withNamespace(ns.name()).build());
        env.setSpec(spec);
        try (ServerFixture s = new ServerFixture(client, ns.name(), dir.resolve("state"), o -> o)) {
            s.create(env);
            s.filesystemLocation("main", dir.resolve("loc"), true);
            s.backup("src", null, ns.name());
            s.awaitPhase("src", BackupPhase.Completed);

            Restore toQa = restore(ns.name(), "to-qa", "src", null, false);
            toQa.getSpec().setEnvironment("qa");
            s.create(toQa);
            assertThat(awaitFinal(client, ns, "to-qa").getStatus().getPhase()).isEqualTo(RestorePhase.Completed);
            assertThat(client.configMaps().inNamespace(qa).withName("settings").get().getData())
                    .as("the parameter is substituted as one string").containsEntry("color", "teal: #0ff");
            assertThat(client.pods().inNamespace(qa).withName("web").get().getSpec().getContainers().get(0).getImage())
                    .isEqualTo("registry.qa.local/shop/web:1.2");

            Restore missing = restore(ns.name(), "to-nowhere", "src", null, false);
            missing.getSpec().setEnvironment("staging");
            s.create(missing);
            Restore failed = awaitFinal(client, ns, "to-nowhere");
            assertThat(failed.getStatus().getPhase()).isEqualTo(RestorePhase.Failed);
            assertThat(failed.getStatus().getFailureReason()).contains("Environment " + ns.name() + "/staging")
                    .contains("does not exist");
            await().atMost(ServerFixture.WAIT).until(() -> s.eventReasons("to-nowhere").contains("Failed"));
        } finally {
            client.namespaces().withName(qa).delete();
        }
    }

    private static Restore restore(String namespace, String name, String backup, Map<String, String> mapping, boolean cancel) {
        RestoreResourceSpec spec = new RestoreResourceSpec();
        spec.setBackupName(backup);
        spec.setNamespaceMapping(mapping);
        spec.setCancel(cancel ? Boolean.TRUE : null);
        Restore restore = new Restore();
        restore.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        restore.setSpec(spec);
        return restore;
    }

    private static Restore restore(KubernetesClient client, TestNamespace ns, String name) {
        return client.resources(Restore.class).inNamespace(ns.name()).withName(name).get();
    }

    private static Restore awaitFinal(KubernetesClient client, TestNamespace ns, String name) {
        await().atMost(ServerFixture.WAIT).until(() -> {
            Restore r = restore(client, ns, name);
            RestorePhase phase = r == null || r.getStatus() == null ? null : r.getStatus().getPhase();
            return phase != null && phase != RestorePhase.New && phase != RestorePhase.InProgress;
        });
        return restore(client, ns, name);
    }

    /** A store whose reads of {@code key} wait while {@code stall} is set; an interrupt (a cancel) ends the wait. */
    private static ObjectStore stallReadsOf(ObjectStore store, String key, AtomicBoolean stall, CountDownLatch reading) {
        return new ForwardingObjectStore(store) {
            @Override
            public InputStream get(String k) {
                await(k);
                return super.get(k);
            }

            @Override
            public InputStream get(String k, long offset) {
                await(k);
                return super.get(k, offset);
            }

            @Override
            public byte[] getRange(String k, long offset, int length) {
                await(k);
                return super.getRange(k, offset, length);
            }

            private void await(String k) {
                if (!k.equals(key) || !stall.get()) {
                    return;
                }
                reading.countDown();
                while (stall.get()) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while reading " + k, e);
                    }
                }
            }
        };
    }
}

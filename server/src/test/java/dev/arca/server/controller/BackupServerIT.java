package dev.arca.server.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.archive.ArchiveReader;
import dev.arca.archive.LocationLayout;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.LocationPhase;
import dev.arca.server.resources.LocationProvider;
import dev.arca.server.resources.Resources;
import dev.arca.server.resources.SecretKeyRef;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's Backup and BackupLocation reconcilers on the real control plane, with a
 * filesystem location: a backup runs to Completed and is in the location; cancel stops a run and
 * leaves nothing; deleting the resource deletes the data; a hand-made backup expires; a missing
 * Secret or location is a Failed status and an Event, not a crash loop.
 */
@ExtendWith(ControlPlaneExtension.class)
class BackupServerIT {
    @TempDir
    Path dir;

    private ServerFixture server(KubernetesClient client, TestNamespace ns) {
        return new ServerFixture(client, ns.name(), dir.resolve("state"), o -> o);
    }

    private void someConfigMaps(KubernetesClient client, TestNamespace ns, int n) {
        for (int i = 0; i < n; i++) {
            client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i)
                    .endMetadata().addToData("k", "v" + i).build()).create();
        }
    }

    @Test
    void aBackupRunsToCompletedIsInTheLocationAndSaysSoInEvents(KubernetesClient client, TestNamespace ns) {
        someConfigMaps(client, ns, 5);
        try (ServerFixture s = server(client, ns)) {
            s.filesystemLocation("main", dir.resolve("loc"), true);
            s.backup("first", null, ns.name());

            Backup done = s.awaitPhase("first", BackupPhase.Completed, BackupPhase.PartiallyFailed, BackupPhase.Failed);
            assertThat(done.getStatus().getPhase()).isEqualTo(BackupPhase.Completed);
            assertThat(done.getStatus().getProgress().getItemsBackedUp()).isGreaterThanOrEqualTo(6);
            assertThat(done.getStatus().getStartTimestamp()).isNotNull();
            assertThat(done.getStatus().getExpiration()).isNotNull();
            assertThat(done.getMetadata().getLabels()).containsEntry(Resources.LOCATION_LABEL, "main");
            assertThat(done.getMetadata().getFinalizers()).contains(BackupReconciler.FINALIZER);
            try (ObjectStore store = new FilesystemObjectStore(dir.resolve("loc"));
                 ArchiveReader reader = ArchiveReader.open(store, "first")) {
                assertThat(reader.manifest().itemCount()).isEqualTo((long) done.getStatus().getProgress().getItemsBackedUp());
            }
            await().atMost(ServerFixture.WAIT).until(() -> s.eventReasons("first").contains("Completed"));
            assertThat(s.eventReasons("first")).startsWith("Started");
            BackupLocation location = client.resources(BackupLocation.class).inNamespace(ns.name()).withName("main").get();
            assertThat(location.getStatus().getPhase()).isEqualTo(LocationPhase.Available);
        }
    }

    @Test
    void cancelStopsARunningBackupWithinSecondsAndLeavesNothingInTheLocation(KubernetesClient client, TestNamespace ns)
            throws Exception {
        someConfigMaps(client, ns, 3);
        CountDownLatch writing = new CountDownLatch(1);
        try (ServerFixture s = new ServerFixture(client, ns.name(), dir.resolve("state"),
                o -> o.withStoreWrapper(store -> stallWhile(store, new java.util.concurrent.atomic.AtomicBoolean(true), writing)))) {
            s.filesystemLocation("main", dir.resolve("loc"), true);
            s.backup("slow", null, ns.name());
            assertThat(writing.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("the run reached the location").isTrue();
            assertThat(s.get("slow").getStatus().getPhase()).isEqualTo(BackupPhase.InProgress);

            long asked = System.nanoTime();
            client.resources(Backup.class).inNamespace(ns.name()).withName("slow")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"cancel\":true}}");
            Backup cancelled = s.awaitPhase("slow", BackupPhase.Cancelled, BackupPhase.Failed, BackupPhase.Completed);
            assertThat(cancelled.getStatus().getPhase()).isEqualTo(BackupPhase.Cancelled);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(10));
            try (ObjectStore store = new FilesystemObjectStore(dir.resolve("loc"))) {
                assertThat(store.list(LocationLayout.backupPrefix("slow"))).as("nothing of the run is left").isEmpty();
                assertThat(store.exists(LocationLayout.writerKey("slow"))).isFalse();
            }
            await().atMost(ServerFixture.WAIT).until(() -> s.eventReasons("slow").contains("Cancelled"));
        }
    }

    @Test
    void deletingACompletedBackupDeletesItsDataAndAHandMadeOneExpiresAfterItsTtl(KubernetesClient client, TestNamespace ns) {
        someConfigMaps(client, ns, 2);
        try (ServerFixture s = server(client, ns)) {
            s.filesystemLocation("main", dir.resolve("loc"), true);
            s.backup("kept", null, ns.name());
            Backup expiring = s.backup("short", null, ns.name());
            s.awaitPhase("kept", BackupPhase.Completed);
            s.awaitPhase("short", BackupPhase.Completed);
            assertThat(expiring.getSpec().getTtl()).isNull();

            client.resources(Backup.class).inNamespace(ns.name()).withName("kept").delete();
            await().atMost(ServerFixture.WAIT).until(() -> s.get("kept") == null);
            try (ObjectStore store = new FilesystemObjectStore(dir.resolve("loc"))) {
                assertThat(LocationLayout.backupNames(store)).containsExactly("short");
            }

            s.clock.advance(Duration.ofDays(31)); // past the default ttl of 30 days
            await().atMost(ServerFixture.WAIT).until(() -> s.get("short") == null);
            try (ObjectStore store = new FilesystemObjectStore(dir.resolve("loc"))) {
                assertThat(LocationLayout.backupNames(store)).isEmpty();
            }
        }
    }

    @Test
    void aServerThatStopsMidBackupLeavesItInProgressAndTheNextServerCompletesIt(KubernetesClient client, TestNamespace ns)
            throws Exception {
        someConfigMaps(client, ns, 3);
        CountDownLatch writing = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stall = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicBoolean gone = new java.util.concurrent.atomic.AtomicBoolean();
        try (ServerFixture first = new ServerFixture(client, ns.name(), dir.resolve("state-1"),
                // once gone, the first server's stalled run writes nothing more, as a process that has ended: it lives on
                // as a thread here and must not write into the location while the test's directory is deleted
                o -> o.withStoreWrapper(store -> stallWhile(refusingWritesOf("", store, gone), stall, writing)))) {
            first.filesystemLocation("main", dir.resolve("loc"), true);
            first.backup("handed-over", null, ns.name());
            assertThat(writing.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        Backup left = client.resources(Backup.class).inNamespace(ns.name()).withName("handed-over").get();
        assertThat(left.getStatus().getPhase()).as("a stopping server cancels nothing").isEqualTo(BackupPhase.InProgress);
        try (ServerFixture second = server(client, ns)) {
            Backup done = second.awaitPhase("handed-over", BackupPhase.Completed, BackupPhase.Failed, BackupPhase.Cancelled);
            assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getFailureReason())).isEqualTo(BackupPhase.Completed);
            assertThat(done.getStatus().getRunId()).isNotEqualTo(left.getStatus().getRunId());
            assertThat(second.eventReasons("handed-over")).contains("Resumed");
        } finally {
            gone.set(true);
            stall.set(false);
        }
    }

    /**
     * A store whose data writes wait while {@code stall} is set, so that a test catches a run in the
     * middle; a cancel (an interrupt) ends the wait with an exception, as it ends real I/O.
     */
    private static ObjectStore stallWhile(ObjectStore store, java.util.concurrent.atomic.AtomicBoolean stall, CountDownLatch writing) {
        return new ForwardingObjectStore(store) {
            @Override
            public ObjectWriter writer(String key) {
                writing.countDown();
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

    @Test
    void deletingAFailedBackupNeverDeletesAnotherRunsBackupOfTheSameName(KubernetesClient client, TestNamespace ns) {
        someConfigMaps(client, ns, 1);
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (ServerFixture s = new ServerFixture(client, ns.name(), dir.resolve("state"),
                o -> o.withStoreWrapper(store -> refusingWritesOf("backups/twin/", store, refuse)))) {
            s.filesystemLocation("main", dir.resolve("loc"), true);
            s.backup("twin", null, ns.name());
            Backup failed = s.awaitPhase("twin", BackupPhase.Failed, BackupPhase.Completed);
            assertThat(failed.getStatus().getPhase()).isEqualTo(BackupPhase.Failed);

            refuse.set(false); // another run (a laptop, a second cluster) now writes a backup of the same name
            try (ObjectStore store = new FilesystemObjectStore(dir.resolve("loc"))) {
                new dev.arca.engine.backup.BackupRunner(client, store, dev.arca.engine.EngineOptions.defaults())
                        .run("twin", new dev.arca.api.BackupSpec(java.util.List.of(ns.name()), null, null, null, null, null, null,
                                null, null), dev.arca.engine.ProgressListener.NONE);
            }
            client.resources(Backup.class).inNamespace(ns.name()).withName("twin").delete();
            await().atMost(ServerFixture.WAIT).until(() -> s.get("twin") == null
                    || BackupReconciler.synced(s.get("twin"))); // gone, then back from sync as the other's backup
            try (ObjectStore store = new FilesystemObjectStore(dir.resolve("loc"))) {
                assertThat(LocationLayout.backupNames(store)).as("the other run's backup is still there").containsExactly("twin");
            }
        }
    }

    /** A store that refuses every write under {@code prefix} while {@code refuse} is set, as a location full or forbidden there. */
    private static ObjectStore refusingWritesOf(String prefix, ObjectStore store, java.util.concurrent.atomic.AtomicBoolean refuse) {
        return new ForwardingObjectStore(store) {
            private void check(String key) {
                if (refuse.get() && key.startsWith(prefix)) {
                    throw new dev.arca.api.ArcaException("writing " + key + " was refused (test)");
                }
            }

            @Override
            public ObjectWriter writer(String key) {
                check(key);
                return super.writer(key);
            }

            @Override
            public void put(String key, byte[] data) {
                check(key);
                super.put(key, data);
            }

            @Override
            public boolean createIfAbsent(String key, byte[] data) {
                check(key);
                return super.createIfAbsent(key, data);
            }
        };
    }

    @Test
    void aBackupARestoreHoldsIsNotDeletedUntilTheLeaseEndsAndTheResourceSaysWhy(KubernetesClient client, TestNamespace ns) {
        someConfigMaps(client, ns, 1);
        try (ServerFixture s = server(client, ns)) {
            s.filesystemLocation("main", dir.resolve("loc"), true);
            s.backup("held", null, ns.name());
            s.awaitPhase("held", BackupPhase.Completed);
            try (ObjectStore store = new FilesystemObjectStore(dir.resolve("loc"));
                 dev.arca.archive.BackupLease lease = dev.arca.archive.BackupLease.acquire(store, "held", "a-restore",
                         java.time.Clock.systemUTC(), Duration.ofMinutes(10), Duration.ofMinutes(1))) {
                client.resources(Backup.class).inNamespace(ns.name()).withName("held").delete();
                await().atMost(ServerFixture.WAIT).until(() -> s.eventReasons("held").contains("DeletionBlocked"));
                Backup blocked = s.get("held");
                assertThat(blocked).as("the resource stays while the data is held").isNotNull();
                assertThat(blocked.getStatus().getConditions()).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("DeletionBlocked");
                    assertThat(c.getMessage()).contains("a-restore");
                });
                assertThat(LocationLayout.backupNames(store)).containsExactly("held");
                assertThat(lease).isNotNull();
            }
            await().atMost(ServerFixture.WAIT).until(() -> s.get("held") == null);
            try (ObjectStore store = new FilesystemObjectStore(dir.resolve("loc"))) {
                assertThat(LocationLayout.backupNames(store)).isEmpty();
            }
        }
    }

    @Test
    void anUnreachableLocationIsUnavailableWithTheProvidersCause(KubernetesClient client, TestNamespace ns) {
        try (ServerFixture s = server(client, ns)) {
            BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
            spec.setProvider(LocationProvider.s3);
            spec.setBucket("nowhere");
            spec.setEndpoint("http://127.0.0.1:9");
            spec.setValidationFrequency("1s");
            s.create(s.location("unreachable", spec));
            await().atMost(ServerFixture.WAIT).until(() -> {
                BackupLocation l = client.resources(BackupLocation.class).inNamespace(ns.name()).withName("unreachable").get();
                return l.getStatus() != null && l.getStatus().getPhase() == LocationPhase.Unavailable;
            });
            BackupLocation l = client.resources(BackupLocation.class).inNamespace(ns.name()).withName("unreachable").get();
            assertThat(l.getStatus().getMessage()).contains("127.0.0.1:9").doesNotEndWith("null");
            assertThat(s.eventReasons("unreachable")).containsOnlyOnce("Unavailable");
        }
    }

    @Test
    void aMissingSecretOrLocationFailsTheBackupWithAClearReasonAndAnEvent(KubernetesClient client, TestNamespace ns) {
        try (ServerFixture s = server(client, ns)) {
            BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
            spec.setProvider(LocationProvider.filesystem);
            spec.setPath(dir.resolve("enc").toString());
            spec.setEncryptionPassphrase(SecretKeyRef.of("no-such-secret", "passphrase"));
            s.create(s.location("locked", spec));
            s.backup("needs-secret", "locked", ns.name());
            s.backup("nowhere", "no-such-location", ns.name());

            Backup secret = s.awaitPhase("needs-secret", BackupPhase.Failed, BackupPhase.Completed);
            assertThat(secret.getStatus().getPhase()).isEqualTo(BackupPhase.Failed);
            assertThat(secret.getStatus().getFailureReason()).contains("Secret " + ns.name() + "/no-such-secret")
                    .contains("does not exist").doesNotEndWith("null");
            Backup nowhere = s.awaitPhase("nowhere", BackupPhase.Failed, BackupPhase.Completed);
            assertThat(nowhere.getStatus().getFailureReason()).contains("BackupLocation " + ns.name() + "/no-such-location does not exist");
            await().atMost(ServerFixture.WAIT).until(() -> s.eventReasons("nowhere").contains("Failed"));
            await().atMost(ServerFixture.WAIT).until(() -> {
                BackupLocation l = client.resources(BackupLocation.class).inNamespace(ns.name()).withName("locked").get();
                return l.getStatus() != null && l.getStatus().getPhase() == LocationPhase.Unavailable;
            });
            assertThat(s.eventReasons("locked")).contains("Unavailable");
        }
    }
}

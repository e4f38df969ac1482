package dev.arca.server.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.engine.volume.PodVolumes;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupPhase;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import dev.arca.testkit.files.FileTrees;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.kube.VolumeWorkload;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that stops after it stored a backup's volume data but before the manifest: the next
 * server resumes the backup and uploads almost none of that data again (the repository finds its
 * chunks), and the backup ends Completed.
 */
@ExtendWith(ControlPlaneExtension.class)
class ResumedVolumeIT {
    @TempDir
    Path dir;

    @Test
    void aResumedBackupDoesNotUploadTheVolumeDataTheDeadRunStored(KubernetesClient client, TestNamespace ns) throws Exception {
        Path data = dir.resolve("pv-data");
        FileTrees.populate(data, 200, 11);
        VolumeWorkload.deploy(client, ns.name(), data, Map.of(PodVolumes.VOLUMES, "pgdata"));
        AtomicLong firstRun = new AtomicLong();
        AtomicLong secondRun = new AtomicLong();
        CountDownLatch atManifest = new CountDownLatch(1);
        AtomicBoolean stall = new AtomicBoolean(true);
        try {
            try (ServerFixture first = new ServerFixture(client, ns.name(), dir.resolve("state-1"),
                    o -> o.withStoreWrapper(store -> counting(store, firstRun, stall, atManifest)))) {
                first.filesystemLocation("main", dir.resolve("loc"), true);
                first.backup("with-data", null, ns.name());
                assertThat(atManifest.await(120, TimeUnit.SECONDS)).as("the first run stored everything but its manifest").isTrue();
            } // the first server stops here: its run is abandoned, as a killed process leaves it
            try (ServerFixture second = new ServerFixture(client, ns.name(), dir.resolve("state-2"),
                    o -> o.withStoreWrapper(store -> counting(store, secondRun, new AtomicBoolean(), new CountDownLatch(1))))) {
                Backup done = second.awaitPhase("with-data", BackupPhase.Completed, BackupPhase.PartiallyFailed, BackupPhase.Failed);
                assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getFailureReason()))
                        .isEqualTo(BackupPhase.Completed);
                assertThat(second.eventReasons("with-data")).contains("Resumed");
                client.resources(Backup.class).inNamespace(ns.name()).withName("with-data").delete(); // while a server handles its finalizer
                org.awaitility.Awaitility.await().atMost(ServerFixture.WAIT).until(() -> second.get("with-data") == null);
            }
            assertThat(firstRun.get()).as("volume bytes the first run stored").isGreaterThan(FileTrees.size(data) / 2);
            assertThat(secondRun.get()).as("volume bytes the resumed run stored again (first run: " + firstRun.get() + ")")
                    .isLessThan(firstRun.get() / 10);
        } finally {
            VolumeWorkload.destroy(client, ns.name());
        }
    }

    /**
     * Counts the bytes written under the repository ({@code repository/}); while {@code stall} is
     * set, the write of a backup manifest never returns (the process is about to die there).
     */
    private static ObjectStore counting(ObjectStore store, AtomicLong bytes, AtomicBoolean stall, CountDownLatch atManifest) {
        return new ForwardingObjectStore(store) {
            private void stallAtManifest(String key) {
                if (key.endsWith("/backup.json") && stall.get()) {
                    atManifest.countDown();
                    while (true) {
                        try {
                            Thread.sleep(1_000); // never returns: this run's process "dies" here
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while writing " + key, e);
                        }
                    }
                }
            }

            @Override
            public void put(String key, byte[] content) {
                stallAtManifest(key);
                if (key.startsWith("repository/")) {
                    bytes.addAndGet(content.length);
                }
                super.put(key, content);
            }

            @Override
            public boolean createIfAbsent(String key, byte[] content) {
                stallAtManifest(key);
                if (key.startsWith("repository/")) {
                    bytes.addAndGet(content.length);
                }
                return super.createIfAbsent(key, content);
            }

            @Override
            public ObjectWriter writer(String key) {
                stallAtManifest(key);
                ObjectWriter out = super.writer(key);
                if (!key.startsWith("repository/")) {
                    return out;
                }
                return new ObjectWriter() {
                    @Override
                    public void write(int b) throws java.io.IOException {
                        bytes.incrementAndGet();
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws java.io.IOException {
                        bytes.addAndGet(len);
                        out.write(b, off, len);
                    }

                    @Override
                    public void commit() {
                        out.commit();
                    }

                    @Override
                    public void close() {
                        out.close();
                    }
                };
            }
        };
    }
}

package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.engine.volume.PodVolumes;
import dev.arca.engine.volume.VolumeBackup;
import dev.arca.engine.volume.VolumeRestore;
import dev.arca.engine.volume.VolumeRestorer;
import dev.arca.repository.SnapshotSummary;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.ServerSupport;
import dev.arca.testkit.files.FileTrees;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.kube.VolumeWorkload;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Volume data with the namespace: a PVC on a hostPath PV, backed up, wiped, restored, compared. */
@ExtendWith(ControlPlaneExtension.class)
class VolumeBackupRestoreIT {
    @TempDir
    Path dir;

    private static BackupSpec spec(String ns) {
        return new BackupSpec(List.of(ns), null, null, null, null, null, null, null, null);
    }

    @Test
    void aVolumeComesBackByteForByteAfterItsNamespaceAndDataAreGone(KubernetesClient client, TestNamespace ns) throws Exception {
        Path data = dir.resolve("pv-data");
        FileTrees.populate(data, 300, 42);
        Map<String, String> before = FileTrees.describe(data);
        VolumeWorkload.deploy(client, ns.name(), data, Map.of(PodVolumes.VOLUMES, "pgdata"));
        ObjectStore store = new FilesystemObjectStore(dir.resolve("location"));

        var manifest = new BackupRunner(client, store, EngineOptions.defaults()).run("b1", spec(ns.name()), ProgressListener.NONE);

        assertThat(manifest.phase()).as("%s", manifest.outcome()).isEqualTo(Phase.Completed);
        List<VolumeBackup> volumes;
        try (ArchiveReader reader = ArchiveReader.open(store, "b1")) {
            volumes = VolumeBackup.read(reader);
        }
        assertThat(volumes).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(VolumeBackup.Status.BackedUp);
            assertThat(v.persistentVolume()).isEqualTo("pv-" + ns.name());
            assertThat(v.pods()).containsExactly("db/pgdata");
            assertThat(v.snapshot().files()).isEqualTo(302);
            assertThat(v.snapshot().bytesRead()).isEqualTo(FileTrees.size(data));
            assertThat(v.snapshot().bytesStored()).isPositive().isLessThan(v.snapshot().bytesRead());
        });

        VolumeWorkload.destroy(client, ns.name());
        wipe(data);

        RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults()).run("r1",
                new RestoreSpec("b1", null, null, null, null, null, null, null, false, false, null, null), ProgressListener.NONE);

        assertThat(record.phase()).as("%s", record.outcome()).isEqualTo(Phase.Completed);
        assertThat(record.volumes()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(VolumeRestore.Status.Restored);
            assertThat(v.files()).isEqualTo(302);
        });
        assertThat(FileTrees.describe(data)).isEqualTo(before);
        assertThat(client.pods().inNamespace(ns.name()).withName("db").get()).as("the pod comes back after its data").isNotNull();

        // a file changed in the second before its parent snapshot began is read again (kernel times move in ticks), so
        // the restored files must be older than that for the third backup to trust them
        Thread.sleep(1_100);
        // restored files are new inodes: the next backup reads them again but stores next to nothing (dedup)
        var second = new BackupRunner(client, store, EngineOptions.defaults()).run("b2", spec(ns.name()), ProgressListener.NONE);
        SnapshotSummary afterRestore = volumeOf(store, "b2");
        assertThat(afterRestore.parent()).isEqualTo(volumes.get(0).snapshot().id());
        assertThat(afterRestore.bytesRead()).isEqualTo(FileTrees.size(data));
        assertThat(afterRestore.bytesNew()).as("only directory objects are new").isLessThan(256 * 1024);

        // then a backup reads only what changed
        Files.writeString(data.resolve("d0/sub1/file-7.txt"), "changed after the first backup\n");
        assertThat(new BackupRunner(client, store, EngineOptions.defaults()).run("b3", spec(ns.name()), ProgressListener.NONE).phase())
                .isEqualTo(Phase.Completed);
        SnapshotSummary s = volumeOf(store, "b3");
        assertThat(s.parent()).isEqualTo(afterRestore.id());
        assertThat(s.filesUnchanged()).isEqualTo(301);
        assertThat(s.bytesRead()).isEqualTo("changed after the first backup\n".length());
        assertThat(s.bytesNew()).as("the changed file and the directory objects on its path").isLessThan(64 * 1024);
        assertThat(second.phase()).isEqualTo(Phase.Completed);
    }

    private static SnapshotSummary volumeOf(ObjectStore store, String backup) {
        try (ArchiveReader reader = ArchiveReader.open(store, backup)) {
            return VolumeBackup.read(reader).get(0).snapshot();
        }
    }

    @Test
    void aMappedNamespaceGetsItsOwnVolumeAndLeavesTheOriginalAlone(KubernetesClient client, TestNamespace ns) throws Exception {
        Path data = dir.resolve("pv-data");
        FileTrees.populate(data, 40, 7);
        Map<String, String> before = FileTrees.describe(data);
        VolumeWorkload.deploy(client, ns.name(), data, Map.of());
        ObjectStore store = new FilesystemObjectStore(dir.resolve("location"));
        BackupSpec everyVolume = new BackupSpec(List.of(ns.name()), null, null, null, null, null, null, null, null, true, null);
        assertThat(new BackupRunner(client, store, EngineOptions.defaults()).run("b1", everyVolume, ProgressListener.NONE).phase())
                .isEqualTo(Phase.Completed);
        String target = ns.name() + "-copy";
        try {
            RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults()).run("r1",
                    new RestoreSpec("b1", null, null, null, null, null, null, Map.of(ns.name(), target), false, false, null, null),
                    ProgressListener.NONE);

            assertThat(record.phase()).as("%s", record.outcome()).isEqualTo(Phase.Completed);
            String copyPv = "pv-" + ns.name() + "-" + target;
            Path copy = Path.of(data + "-" + target);
            assertThat(client.persistentVolumeClaims().inNamespace(target).withName("data").get().getSpec().getVolumeName()).isEqualTo(copyPv);
            assertThat(client.persistentVolumes().withName(copyPv).get().getSpec().getHostPath().getPath()).isEqualTo(copy.toString());
            assertThat(FileTrees.describe(copy)).isEqualTo(before);
            assertThat(FileTrees.describe(data)).isEqualTo(before);
            await().atMost(Duration.ofSeconds(30)).until(() -> "Bound".equals(
                    client.persistentVolumeClaims().inNamespace(target).withName("data").get().getStatus().getPhase()));
            String bare = ns.name() + "-bare";
            try {
                RestoreRecord without = new RestoreRunner(client, store, EngineOptions.defaults()).run("r2",
                        new RestoreSpec("b1", null, null, null, null, null, null, Map.of(ns.name(), bare), false, false, null, null,
                                false), ProgressListener.NONE);
                assertThat(without.volumes()).as("--restore-volumes=false").isEmpty();
                assertThat(Path.of(data + "-" + bare)).doesNotExist();
                assertThat(client.persistentVolumeClaims().inNamespace(bare).withName("data").get().getSpec().getVolumeName())
                        .as("not relocated: the PV keeps its name").isEqualTo("pv-" + ns.name());
            } finally {
                client.namespaces().withName(bare).delete();
            }
        } finally {
            client.namespaces().withName(target).delete();
            client.persistentVolumes().withName("pv-" + ns.name() + "-" + target).delete();
        }
    }

    @Test
    void aRestoreInterruptedBeforeTheVolumeDataIsResumedByTheNextOne(KubernetesClient client, TestNamespace ns) throws Exception {
        Path data = dir.resolve("pv-data");
        FileTrees.populate(data, 30, 9);
        Map<String, String> before = FileTrees.describe(data);
        VolumeWorkload.deploy(client, ns.name(), data, Map.of(PodVolumes.VOLUMES, "pgdata"));
        ObjectStore store = new FilesystemObjectStore(dir.resolve("location"));
        assertThat(new BackupRunner(client, store, EngineOptions.defaults()).run("b1", spec(ns.name()), ProgressListener.NONE).phase())
                .isEqualTo(Phase.Completed);
        VolumeWorkload.destroy(client, ns.name());
        wipe(data);
        RestoreSpec all = new RestoreSpec("b1", null, null, null, null, null, null, null, false, false, null, null);
        ObjectStore dying = new dev.arca.storage.ForwardingObjectStore(store) {
            @Override
            public byte[] getRange(String key, long offset, int length) {
                if (key.startsWith("repository/packs/")) {
                    throw new IllegalStateException("the process dies here");
                }
                return super.getRange(key, offset, length);
            }

            @Override
            public java.io.InputStream get(String key) {
                if (key.startsWith("repository/packs/")) {
                    throw new IllegalStateException("the process dies here");
                }
                return super.get(key);
            }
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RestoreRunner(client, dying, store, EngineOptions.defaults())
                .run("r1", all, ProgressListener.NONE)).hasMessageContaining("the process dies here");
        var claim = client.persistentVolumeClaims().inNamespace(ns.name()).withName("data").get();
        assertThat(claim.getMetadata().getAnnotations()).containsKey(VolumeRestorer.PENDING);

        RestoreRecord rerun = new RestoreRunner(client, store, EngineOptions.defaults()).run("r2", all, ProgressListener.NONE);

        assertThat(rerun.volumes()).singleElement().satisfies(v -> assertThat(v.status()).isEqualTo(VolumeRestore.Status.Restored));
        assertThat(rerun.outcome().errors()).isEmpty();
        assertThat(FileTrees.describe(data)).isEqualTo(before);
        assertThat(client.persistentVolumeClaims().inNamespace(ns.name()).withName("data").get().getMetadata().getAnnotations())
                .doesNotContainKey(VolumeRestorer.PENDING);
        assertThat(client.persistentVolumes().withName(VolumeWorkload.pvName(ns.name())).get().getMetadata().getAnnotations())
                .doesNotContainKey(VolumeRestorer.PENDING);

        RestoreRecord third = new RestoreRunner(client, store, EngineOptions.defaults()).run("r3", all, ProgressListener.NONE);
        assertThat(third.volumes()).as("done once, an existing claim keeps its data").singleElement()
                .satisfies(v -> assertThat(v.status()).isEqualTo(VolumeRestore.Status.Skipped));
        client.persistentVolumes().withName(VolumeWorkload.pvName(ns.name())).delete();
    }

    @Test
    void anUpdateRestoreIntoTheLiveNamespaceNeverWritesItsVolumes(KubernetesClient client, TestNamespace ns) throws Exception {
        Path data = dir.resolve("pv-data");
        FileTrees.populate(data, 10, 3);
        VolumeWorkload.deploy(client, ns.name(), data, Map.of(PodVolumes.VOLUMES, "pgdata"));
        ObjectStore store = new FilesystemObjectStore(dir.resolve("location"));
        assertThat(new BackupRunner(client, store, EngineOptions.defaults()).run("b1", spec(ns.name()), ProgressListener.NONE).phase())
                .isEqualTo(Phase.Completed);
        Files.writeString(data.resolve("written-after-the-backup.txt"), "live data\n");
        Map<String, String> live = FileTrees.describe(data);

        RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults()).run("r1",
                new RestoreSpec("b1", null, null, null, null, null, null, null, false, false,
                        dev.arca.api.ExistingResourcePolicy.update, null), ProgressListener.NONE);

        assertThat(record.volumes()).singleElement().satisfies(v -> assertThat(v.status()).isEqualTo(VolumeRestore.Status.Skipped));
        assertThat(FileTrees.describe(data)).as("the live volume is left as it is").isEqualTo(live);
        assertThat(annotations(client.persistentVolumeClaims().inNamespace(ns.name()).withName("data").get()))
                .doesNotContainKey(VolumeRestorer.PENDING);
        assertThat(annotations(client.persistentVolumes().withName(VolumeWorkload.pvName(ns.name())).get()))
                .doesNotContainKey(VolumeRestorer.PENDING);
        VolumeWorkload.destroy(client, ns.name());
    }

    private static Map<String, String> annotations(io.fabric8.kubernetes.api.model.HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private static void wipe(Path data) {
        ServerSupport.deleteTree(data);
        assertThat(data).doesNotExist();
    }
}

package dev.arca.server.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.archive.ArchiveWriter;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.ItemKey;
import dev.arca.archive.LocationLayout;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.LocationProvider;
import dev.arca.server.resources.Resources;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup sync, the DR path: a second cluster whose server reads the same location (ReadOnly) sees
 * the first cluster's backups within a sync period, with their phase, and loses them when they are
 * deleted there; its server never writes to the ReadOnly location, not even when a synced Backup
 * resource is deleted in it.
 */
@ExtendWith(ControlPlaneExtension.class)
class SyncServerIT {
    @TempDir
    Path dir;

    @Test
    void aSecondClusterSeesTheFirstOnesBackupsAndTheirDeletionAndNeverWritesItsReadOnlyLocation(KubernetesClient client,
            TestNamespace ns) throws IOException {
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("app")
                .endMetadata().addToData("k", "v").build()).create();
        Path shared = dir.resolve("shared");
        try (ServerFixture first = new ServerFixture(client, ns.name(), dir.resolve("state-1"), o -> o)) {
            first.filesystemLocation("shared", shared, true);
            first.backup("monday", null, ns.name());
            first.backup("tuesday", null, ns.name());
            first.awaitPhase("monday", BackupPhase.Completed);
            first.awaitPhase("tuesday", BackupPhase.Completed);

            try (LocalControlPlane other = LocalControlPlane.start()) {
                KubernetesClient second = other.client();
                second.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("arca").endMetadata().build()).create();
                try (ServerFixture dr = new ServerFixture(second, "arca", dir.resolve("state-2"), o -> o)) {
                    Map<String, Long> files = files(shared);
                    BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
                    spec.setProvider(LocationProvider.filesystem);
                    spec.setPath(shared.toString());
                    spec.setAccessMode(dev.arca.api.BackupLocationSpec.AccessMode.ReadOnly);
                    spec.setDefaultLocation(true);
                    spec.setValidationFrequency("1s");
                    dr.create(dr.location("shared", spec));

                    Backup synced = dr.awaitPhase("monday", BackupPhase.Completed);
                    dr.awaitPhase("tuesday", BackupPhase.Completed);
                    assertThat(synced.getMetadata().getAnnotations()).containsKey(BackupReconciler.SYNCED_ANNOTATION);
                    assertThat(synced.getMetadata().getLabels()).containsEntry(Resources.LOCATION_LABEL, "shared");
                    assertThat(synced.getStatus().getProgress().getItemsBackedUp())
                            .isEqualTo(first.get("monday").getStatus().getProgress().getItemsBackedUp());
                    assertThat(synced.getSpec().getIncludedNamespaces()).containsExactly(ns.name());

                    client.resources(Backup.class).inNamespace(ns.name()).withName("monday").delete();
                    await().atMost(ServerFixture.WAIT).until(() -> dr.get("monday") == null);
                    assertThat(dr.get("tuesday")).isNotNull();

                    Map<String, Long> before = files(shared);
                    second.resources(Backup.class).inNamespace("arca").withName("tuesday").delete();
                    await().atMost(ServerFixture.WAIT).until(() -> dr.get("tuesday") == null || dr.get("tuesday")
                            .getMetadata().getAnnotations().containsKey(BackupReconciler.SYNCED_ANNOTATION)
                            && dr.get("tuesday").getMetadata().getDeletionTimestamp() == null);
                    assertThat(files(shared)).as("the ReadOnly side deleted nothing").isEqualTo(before);
                    await().atMost(ServerFixture.WAIT).until(() -> dr.get("tuesday") != null);
                    assertThat(files.keySet()).containsAll(before.keySet());
                }
            }
        }
    }

    /**
     * A first sync of many backups (made several at a time): every readable backup becomes a
     * resource with its manifest's phase, one whose manifest is garbage is skipped without stopping
     * the others, and the server's cached view (what the metrics read) holds them all.
     */
    @Test
    void aFirstSyncOfManyBackupsMakesEveryReadableOneAndSkipsABrokenOne(KubernetesClient client, TestNamespace ns)
            throws IOException {
        Path location = dir.resolve("many");
        FilesystemObjectStore store = new FilesystemObjectStore(location);
        int count = 3 * BackupSync.ADDERS + 1;
        for (int i = 0; i < count; i++) {
            String name = String.format("old-%03d", i);
            try (ArchiveWriter writer = ArchiveWriter.create(store, name)) {
                writer.add(ItemKey.namespaced("configmaps", "shop", "app-" + i),
                        ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"app-" + i
                                + "\",\"namespace\":\"shop\"}}").getBytes(StandardCharsets.UTF_8));
                Instant started = Instant.now().minus(Duration.ofHours(1));
                writer.finish(BackupManifest.draft(name, BackupSpec.everything(), started)
                        .withPhase(i % 2 == 0 ? Phase.Completed : Phase.PartiallyFailed).withCompleted(started.plusSeconds(1)));
            }
        }
        store.put(LocationLayout.manifestKey("broken"), "{ not json".getBytes(StandardCharsets.UTF_8));
        try (ServerFixture server = new ServerFixture(client, ns.name(), dir.resolve("state"), o -> o)) {
            server.filesystemLocation("many", location, true);
            for (int i = 0; i < count; i++) {
                Backup synced = server.awaitPhase(String.format("old-%03d", i), BackupPhase.Completed, BackupPhase.PartiallyFailed);
                assertThat(synced.getStatus().getPhase()).as(synced.getMetadata().getName())
                        .isEqualTo(i % 2 == 0 ? BackupPhase.Completed : BackupPhase.PartiallyFailed);
                assertThat(synced.getStatus().getProgress().getItemsBackedUp()).isEqualTo(1);
            }
            await().atMost(ServerFixture.WAIT).until(() -> server.server.snapshot().backups().stream()
                    .filter(b -> b.getStatus() != null && b.getStatus().getPhase() != null).count() == count);
            assertThat(server.get("broken")).as("a backup whose manifest cannot be read is not synced").isNull();
            assertThat(server.server.snapshot().locations()).singleElement()
                    .satisfies(l -> assertThat(l.getStatus().getPhase()).isEqualTo(dev.arca.server.resources.LocationPhase.Available));
        }
    }

    /** Every file under the location and its size. */
    private static Map<String, Long> files(Path root) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.size(p));
            }
        }
        return files;
    }
}

package dev.arca.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import dev.arca.api.ArcaException;
import dev.arca.api.Phase;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRoundTripTest {
    private static final String LONG_NAME = "very-long-" + "n".repeat(120) + ".example.com";
    private static final List<ItemKey> KEYS = List.of(
            ItemKey.namespaced("configmaps", "shop", "settings"),
            ItemKey.namespaced("deployments.apps", "shop", "web"),
            ItemKey.cluster("namespaces", "shop"),
            ItemKey.namespaced("configmaps", "default", "kube-root-ca.crt"),
            ItemKey.namespaced("widgets.example.com", "shop", LONG_NAME),
            ItemKey.cluster("clusterroles.rbac.authorization.k8s.io", "system:aggregate-to-admin"));

    @TempDir
    Path dir;
    ObjectStore store;

    @BeforeEach
    void store() {
        store = new FilesystemObjectStore(dir.resolve("location"));
    }

    @Test
    void itemsComeBackAsTheyWereWritten() {
        TestBackups.write(store, "nightly", KEYS);

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            Map<ItemKey, String> items = TestBackups.readAll(reader);

            assertThat(items.keySet()).containsExactlyElementsOf(KEYS);
            KEYS.forEach(key -> assertThat(items.get(key)).isEqualTo(new String(TestBackups.json(key), StandardCharsets.UTF_8)));
        }
        assertThat(KEYS.get(4).path()).hasSizeGreaterThan(100);
    }

    @Test
    void theManifestHoldsCountsAndTheDigestsOfTheStoredFiles() {
        BackupManifest written = TestBackups.write(store, "nightly", KEYS);

        BackupManifest read;
        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            read = reader.manifest();
        }
        assertThat(read).isEqualTo(written);
        assertThat(read.formatVersion()).isEqualTo(BackupManifest.FORMAT_VERSION);
        assertThat(read.phase()).isEqualTo(Phase.Completed);
        assertThat(read.completed()).isNotNull();
        assertThat(read.counts()).containsExactly(
                Map.entry("clusterroles.rbac.authorization.k8s.io", 1L), Map.entry("configmaps", 2L),
                Map.entry("deployments.apps", 1L), Map.entry("namespaces", 1L), Map.entry("widgets.example.com", 1L));
        assertThat(read.itemCount()).isEqualTo(KEYS.size());
        assertThat(read.files()).containsOnlyKeys("log.jsonl.zst", "resource-list.json", "resources.tar.zst");
        read.files().forEach((file, digest) ->
                assertThat(FileDigest.of(store.getBytes("backups/nightly/" + file))).as(file).isEqualTo(digest));
    }

    @Test
    void theResourceListIsSortedByResourceAndEntry() {
        TestBackups.write(store, "nightly", KEYS);

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThat(reader.resourceList()).containsExactly(
                    Map.entry("clusterroles.rbac.authorization.k8s.io", List.of("system:aggregate-to-admin")),
                    Map.entry("configmaps", List.of("default/kube-root-ca.crt", "shop/settings")),
                    Map.entry("deployments.apps", List.of("shop/web")),
                    Map.entry("namespaces", List.of("shop")),
                    Map.entry("widgets.example.com", List.of("shop/" + LONG_NAME)));
        }
        assertThat(new String(store.getBytes("backups/nightly/resource-list.json"), StandardCharsets.UTF_8))
                .startsWith("{\"clusterroles.rbac.authorization.k8s.io\":[\"system:aggregate-to-admin\"],\"configmaps\":");
    }

    @Test
    void theResourceListStaysCorrectWhenItSpillsToManySortedRuns() {
        List<ItemKey> keys = new ArrayList<>();
        for (int i = 999; i >= 0; i--) {
            keys.add(ItemKey.namespaced(i % 2 == 0 ? "configmaps" : "secrets", "ns-" + (i % 7), "item-" + i));
        }
        try (ArchiveWriter writer = ArchiveWriter.create(store, "big", ArchiveOptions.defaults().withTempDir(dir), 7)) {
            keys.forEach(key -> writer.add(key, TestBackups.json(key)));
            writer.finish(TestBackups.completed("big"));
        }

        try (ArchiveReader reader = ArchiveReader.open(store, "big")) {
            Map<String, List<String>> list = reader.resourceList();
            assertThat(list).containsOnlyKeys("configmaps", "secrets");
            assertThat(list.get("configmaps")).hasSize(500).isSorted();
            assertThat(list.get("secrets")).hasSize(500).isSorted().contains("ns-0/item-7");
        }
        assertThat(dir).isDirectoryNotContaining(path -> path.getFileName().toString().startsWith("arca-sort-"));
    }

    @Test
    void theTarStartsWithTheFormatVersionAndUsesVelerosPaths() throws IOException {
        TestBackups.write(store, "nightly", KEYS);

        List<String> names = new ArrayList<>();
        String version;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new ZstdInputStream(store.get("backups/nightly/resources.tar.zst")))) {
            TarArchiveEntry first = tar.getNextEntry();
            names.add(first.getName());
            version = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(version).isEqualTo("1");
        assertThat(names.get(0)).isEqualTo("metadata/version");
        assertThat(names.subList(1, names.size())).containsExactlyElementsOf(KEYS.stream().map(ItemKey::path).toList());
    }

    @Test
    void anExceptionFromTheVisitorPropagatesUnchanged() {
        TestBackups.write(store, "nightly", KEYS);
        IllegalStateException stop = new IllegalStateException("stop");

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThatThrownBy(() -> reader.forEachItem((key, json) -> {
                throw stop;
            })).isSameAs(stop);
        }
    }

    @Test
    void theLogComesBackLineByLine() throws IOException {
        TestBackups.write(store, "nightly", KEYS);

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly"); InputStream log = reader.log()) {
            List<String> lines = new String(log.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(KEYS.size());
            assertThat(lines.get(0)).isEqualTo("{\"msg\":\"backed up\",\"item\":\"" + KEYS.get(0).path() + "\"}");
        }
    }

    @Test
    void aBackupIsInvisibleUntilFinishAndLeavesNothingWhenClosedWithoutIt() throws IOException {
        try (ArchiveWriter writer = ArchiveWriter.create(store, "nightly")) {
            KEYS.forEach(key -> writer.add(key, TestBackups.json(key)));
            writer.log("{\"msg\":\"half way\"}");

            assertThat(LocationLayout.backupNames(store)).isEmpty();
            assertThatThrownBy(() -> ArchiveReader.open(store, "nightly")).isInstanceOf(ArcaException.NotFound.class);
        }

        assertThat(store.list("")).isEmpty();
        assertThat(LocationLayout.backupNames(store)).isEmpty();
        try (Stream<Path> files = Files.walk(dir.resolve("location"))) {
            assertThat(files.filter(Files::isRegularFile)).as("no file, not even a hidden partial one").isEmpty();
        }
    }

    @Test
    void aBackupIsListedOnceFinished() {
        TestBackups.write(store, "nightly", KEYS);

        assertThat(LocationLayout.backupNames(store)).containsExactly("nightly");
    }

    /** The manifest write is attempted, so it may have landed: deleting the data could destroy a Completed backup. */
    @Test
    void aFinishWhoseManifestWriteFailsKeepsWhatItCommittedAndReleasesTheName() {
        ArchiveWriter writer = ArchiveWriter.create(store, "nightly");
        writer.add(KEYS.get(0), TestBackups.json(KEYS.get(0)));
        store.put("backups/nightly/backup.json/blocker", new byte[] {1}); // the manifest path is now a directory

        assertThatThrownBy(() -> writer.finish(TestBackups.completed("nightly"))).isInstanceOf(ArcaException.class);
        writer.close();

        assertThat(store.list("").stream().map(ObjectStore.ObjectInfo::key)).containsExactly(
                "backups/nightly/backup.json/blocker", "backups/nightly/log.jsonl.zst",
                "backups/nightly/resource-list.json", "backups/nightly/resources.tar.zst");
    }

    @Test
    void aDraftThatIsNotFinalOrNamesAnotherBackupIsRefusedAndTheWriterStaysUsable() {
        try (ArchiveWriter writer = ArchiveWriter.create(store, "nightly")) {
            writer.add(KEYS.get(0), TestBackups.json(KEYS.get(0)));

            assertThatThrownBy(() -> writer.finish(TestBackups.completed("nightly").withPhase(Phase.InProgress)))
                    .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("InProgress");
            assertThatThrownBy(() -> writer.finish(TestBackups.completed("other")))
                    .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("other");

            assertThat(writer.finish(TestBackups.completed("nightly")).itemCount()).isEqualTo(1);
        }
        assertThat(LocationLayout.backupNames(store)).containsExactly("nightly");
    }

    @Test
    void writesAfterFinishAreRefused() {
        ArchiveWriter writer = ArchiveWriter.create(store, "nightly");
        writer.finish(TestBackups.completed("nightly"));

        assertThatThrownBy(() -> writer.add(KEYS.get(0), new byte[] {'{', '}'})).isInstanceOf(IllegalStateException.class);
        writer.close();
        assertThat(LocationLayout.backupNames(store)).containsExactly("nightly");
    }

    @Test
    void creatingOverAnExistingBackupIsRefused() {
        TestBackups.write(store, "nightly", KEYS);

        assertThatThrownBy(() -> ArchiveWriter.create(store, "nightly"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("backup \"nightly\" already exists");
        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            assertThat(reader.manifest().itemCount()).isEqualTo(KEYS.size());
        }
    }

    @Test
    void concurrentAddsFromSeveralThreadsKeepEveryItem() throws Exception {
        int threads = 8;
        int perThread = 400;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ArchiveWriter writer = ArchiveWriter.create(store, "busy")) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String ns = "ns-" + t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        ItemKey key = ItemKey.namespaced("configmaps", ns, "cm-" + i);
                        writer.add(key, TestBackups.json(key));
                        writer.log("{\"item\":\"" + key.path() + "\"}");
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            writer.finish(TestBackups.completed("busy"));
        } finally {
            pool.shutdown();
        }

        try (ArchiveReader reader = ArchiveReader.open(store, "busy")) {
            Map<ItemKey, String> items = TestBackups.readAll(reader);
            assertThat(items).hasSize(threads * perThread);
            items.forEach((key, json) -> assertThat(json).isEqualTo(new String(TestBackups.json(key), StandardCharsets.UTF_8)));
            assertThat(reader.manifest().counts()).containsExactly(Map.entry("configmaps", (long) threads * perThread));
            assertThat(reader.resourceList().get("configmaps")).hasSize(threads * perThread);
            try (InputStream log = reader.log()) {
                assertThat(new String(log.readAllBytes(), StandardCharsets.UTF_8).lines())
                        .hasSize(threads * perThread).allMatch(line -> line.startsWith("{\"item\":\"resources/"));
            }
        }
    }

    @Test
    void closingTheReaderDeletesItsLocalCopies() throws IOException {
        TestBackups.write(store, "nightly", KEYS);
        Path temp = Files.createDirectory(dir.resolve("temp"));

        try (ArchiveReader reader = ArchiveReader.open(store, "nightly", ArchiveOptions.defaults().withTempDir(temp))) {
            reader.forEachItem((key, json) -> { });
            reader.resourceList();
            try (Stream<Path> files = Files.list(temp)) {
                assertThat(files).hasSize(2);
            }
        }
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files).isEmpty();
        }
    }
}

package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.repository.content.MemoryContentStore;
import dev.arca.repository.object.ChunkerParams;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectWriter;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotRoundTripTest {
    static final ChunkerParams SMALL = new ChunkerParams(1024, 4096, 16384);
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path tmp;

    final ExecutorService pool = Executors.newFixedThreadPool(3);
    final MemoryContentStore store = new MemoryContentStore();
    final ObjectWriter writer = new ObjectWriter(store, SMALL);
    final Snapshotter snapshotter = new Snapshotter(store, writer, pool, 4, Clock.fixed(NOW, ZoneOffset.UTC));
    final SnapshotRestorer restorer = new SnapshotRestorer(new ObjectReader(store), pool, 4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    SnapshotResult snapshot(Path root, SnapshotManifest parent) {
        return snapshotter.snapshot(new SnapshotRequest(root, "shop/data", "nightly", Map.of("k", "v"), parent));
    }

    @Test
    void restoresEveryFileByteForByteWithModesOwnersTimesSymlinksAndHardLinks() throws IOException {
        Path source = tmp.resolve("source");
        List<String> files = TreeFixture.build(source, 1);
        long totalBytes = 0;
        for (String f : files) {
            totalBytes += Files.size(source.resolve(f));
        }

        SnapshotResult result = snapshot(source, null);

        assertThat(result.warnings()).isEmpty();
        assertThat(result.errors()).isEmpty();
        SnapshotStats stats = result.manifest().stats();
        assertThat(stats.files()).isEqualTo(files.size() + 1);
        assertThat(stats.hardLinks()).isEqualTo(1);
        assertThat(stats.symlinks()).isEqualTo(3);
        assertThat(stats.dirs()).isEqualTo(1 + 7 + 21 + 1);
        assertThat(stats.filesUnchanged()).isZero();
        assertThat(stats.bytesRead()).isEqualTo(totalBytes);
        assertThat(stats.content().newChunks()).isEqualTo(store.size());
        assertThat(result.manifest().time()).isEqualTo(NOW);
        assertThat(result.manifest().parentId()).isNull();
        assertThat(result.manifest().id()).matches("[0-9a-f]{32}");

        Path target = tmp.resolve("target");
        RestoreResult restored = restorer.restore(result.manifest(), target, RestoreOptions.ALL);

        assertThat(restored.errors()).isEmpty();
        assertThat(restored.stats().files()).isEqualTo(files.size() + 1);
        assertThat(restored.stats().hardLinks()).isEqualTo(1);
        assertThat(restored.stats().symlinks()).isEqualTo(3);
        assertThat(restored.stats().bytesWritten()).isEqualTo(totalBytes);
        TreeFixture.assertSameTree(source, target);
        assertThat(Files.isSameFile(target.resolve(TreeFixture.HARD_LINK), target.resolve(TreeFixture.HARD_LINK_FIRST)))
                .isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("dangling"))).isEqualTo(Path.of("/nonexistent/nowhere"));
    }

    @Test
    void directoryObjectsListEntriesSortedByNameWhateverOrderFilesFinish() throws IOException {
        Path source = tmp.resolve("source");
        TreeFixture.build(source, 2);

        SnapshotResult first = snapshot(source, null);
        SnapshotResult second = snapshot(source, null);

        assertThat(second.manifest().rootObject()).isEqualTo(first.manifest().rootObject());
        List<TreeEntry> root = Trees.listing(store, first.manifest().rootObject());
        assertThat(root).extracting(TreeEntry::name)
                .containsExactly("d0", "d1", "d2", "d3", "d4", "d5", "d6", "dangling", "empty-dir", "ln-dir", "top.txt");
        assertThat(Trees.entry(store, first.manifest(), TreeFixture.HARD_LINK).hardLinkTo())
                .isEqualTo(TreeFixture.HARD_LINK_FIRST);
    }

    @Test
    void recordsFifosWithoutContentAndDoesNotRecreateThem() throws Exception {
        Path source = tmp.resolve("source");
        Files.createDirectories(source);
        Files.write(source.resolve("a"), new byte[] {1, 2, 3});
        Process mkfifo = new ProcessBuilder("mkfifo", source.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();

        SnapshotResult result = snapshot(source, null);
        RestoreResult restored = restorer.restore(result.manifest(), tmp.resolve("target"), RestoreOptions.ALL);

        assertThat(result.manifest().stats().specials()).isEqualTo(1);
        assertThat(Trees.entry(store, result.manifest(), "pipe").type()).isEqualTo(EntryType.FIFO);
        assertThat(restored.stats().skipped()).isEqualTo(1);
        assertThat(restored.warnings()).extracting(PathProblem::path).containsExactly("pipe");
        assertThat(tmp.resolve("target/pipe")).doesNotExist();
        assertThat(tmp.resolve("target/a")).hasBinaryContent(new byte[] {1, 2, 3});
    }

    @Test
    void anUnreadableFileIsAnErrorAndAVanishedOneAWarningAndTheRestIsSnapshotted() throws IOException {
        Path source = tmp.resolve("source");
        TreeFixture.build(source, 3);
        FileTime d1sub2 = Files.getLastModifiedTime(source.resolve("d1/sub2"));
        FileTime d2sub0 = Files.getLastModifiedTime(source.resolve("d2/sub0"));
        Snapshotter failing = new Snapshotter(store, writer, pool, 4, Clock.systemUTC(), (dir, name, path) -> {
            if (path.endsWith("f8.bin")) {
                throw new AccessDeniedException(path.toString());
            }
            if (path.endsWith("f9.bin")) {
                dir.deleteFile(name);
            }
            return FileOpener.DEFAULT.open(dir, name, path);
        });

        SnapshotResult result = failing.snapshot(new SnapshotRequest(source, "v", "b", Map.of(), null));

        assertThat(result.errors()).extracting(PathProblem::path).containsExactly("d1/sub2/f8.bin");
        assertThat(result.errors().get(0).message()).contains("AccessDenied", "missing from this snapshot");
        assertThat(result.warnings()).extracting(PathProblem::path).containsExactly("d2/sub0/f9.bin");
        assertThat(result.warnings().get(0).message()).contains("vanished");
        assertThat(result.manifest().stats().errors()).isEqualTo(1);
        Path target = tmp.resolve("target");
        RestoreResult restored = restorer.restore(result.manifest(), target, RestoreOptions.ALL);
        assertThat(restored.errors()).isEmpty();
        assertThat(target.resolve("d1/sub2/f8.bin")).doesNotExist();
        assertThat(target.resolve("d2/sub0/f9.bin")).doesNotExist();
        Files.delete(source.resolve("d1/sub2/f8.bin"));
        Files.setLastModifiedTime(source.resolve("d1/sub2"), d1sub2);
        Files.setLastModifiedTime(source.resolve("d2/sub0"), d2sub0);
        TreeFixture.assertSameTree(source, target);
    }

    @Test
    void aMissingRootOrARootThatIsAFileIsInvalidInput() throws IOException {
        assertThatThrownBy(() -> snapshot(tmp.resolve("absent"), null))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("absent").hasMessageContaining("mounted");
        Path file = Files.write(tmp.resolve("file"), new byte[1]);
        assertThatThrownBy(() -> snapshot(file, null))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("not a directory");
    }
}

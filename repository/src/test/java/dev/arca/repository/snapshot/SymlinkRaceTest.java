package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.ContentStats;
import dev.arca.repository.content.ContentStore;
import dev.arca.repository.content.MemoryContentStore;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pod that can write into the volume swaps a directory for a symlink to somewhere outside while
 * a backup reads or a restore writes that directory: nothing outside is read or written.
 */
class SymlinkRaceTest {
    static final String SECRET = "the node's private key";

    @TempDir
    Path tmp;

    final ExecutorService pool = Executors.newFixedThreadPool(3);
    final MemoryContentStore store = new MemoryContentStore();
    final ObjectWriter writer = new ObjectWriter(store, SnapshotRoundTripTest.SMALL);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Renames {@code dir} aside and puts a symlink to {@code outside} in its place, as a hostile pod would. */
    static void swapForSymlink(Path dir, Path outside) throws IOException {
        Files.move(dir, dir.resolveSibling(dir.getFileName() + "-moved"));
        Files.createSymbolicLink(dir, outside);
    }

    /** Every regular file's content below {@code root}. */
    static List<String> contents(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void aBackupNeverReadsThroughADirectorySwappedForASymlinkBetweenListingAndReading() throws IOException {
        Path source = tmp.resolve("source");
        TreeFixture.write(source.resolve("d/key"), "inside".getBytes(StandardCharsets.UTF_8));
        TreeFixture.write(source.resolve("d/sub/key"), "inside too".getBytes(StandardCharsets.UTF_8));
        Path outside = tmp.resolve("outside");
        TreeFixture.write(outside.resolve("key"), SECRET.getBytes(StandardCharsets.UTF_8));
        TreeFixture.write(outside.resolve("sub/key"), SECRET.getBytes(StandardCharsets.UTF_8));
        AtomicBoolean swapped = new AtomicBoolean();
        Snapshotter racing = new Snapshotter(store, writer, pool, 4, Clock.systemUTC(), (dir, name, path) -> {
            if (path.equals(source.resolve("d/key")) && swapped.compareAndSet(false, true)) {
                swapForSymlink(source.resolve("d"), outside); // d was listed and d/key stat'ed: now read it
            }
            return FileOpener.DEFAULT.open(dir, name, path);
        });

        SnapshotResult result = racing.snapshot(new SnapshotRequest(source, "v", "b", Map.of(), null));

        assertThat(swapped).isTrue();
        Path restored = tmp.resolve("restored");
        new SnapshotRestorer(new ObjectReader(store), pool, 2).restore(result.manifest(), restored, RestoreOptions.ALL);
        assertThat(contents(restored)).doesNotContain(SECRET).contains("inside");
        assertThat(restored.resolve("d/key")).hasContent("inside");
    }

    @Test
    void aRestoreNeverWritesThroughADirectorySwappedForASymlinkWhileItRuns() throws IOException {
        Path source = tmp.resolve("source");
        TreeFixture.write(source.resolve("d/a"), "file a".getBytes(StandardCharsets.UTF_8));
        TreeFixture.write(source.resolve("d/sub/b"), "file b".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(source.resolve("d/ln"), Path.of("a"));
        Files.createLink(source.resolve("d/hard"), source.resolve("d/a"));
        SnapshotManifest snapshot = new Snapshotter(store, writer, pool, 2, Clock.systemUTC())
                .snapshot(new SnapshotRequest(source, "v", "b", Map.of(), null)).manifest();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path target = tmp.resolve("target");
        AtomicBoolean swapped = new AtomicBoolean();
        SnapshotRestorer racing = new SnapshotRestorer(new ObjectReader(store), pool, 2, rel -> {
            if (rel.equals("d") && swapped.compareAndSet(false, true)) {
                try {
                    swapForSymlink(target.resolve("d"), outside); // d exists, its entries are not written yet
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });

        RestoreResult result = racing.restore(snapshot, target, RestoreOptions.ALL);

        assertThat(swapped).isTrue();
        // what the swap cut off is reported: the link made through d, and d's own metadata
        assertThat(result.errors()).extracting(PathProblem::path).containsExactlyInAnyOrder("d", "d/hard");
        try (Stream<Path> written = Files.list(outside)) {
            assertThat(written).as("entries written outside the target").isEmpty();
        }
        assertThat(target.resolve("d-moved/a")).hasContent("file a");
        assertThat(target.resolve("d-moved/sub/b")).hasContent("file b");
        assertThat(Files.readSymbolicLink(target.resolve("d-moved/ln"))).isEqualTo(Path.of("a"));
        try (Stream<Path> left = Stream.concat(Files.list(tmp), Files.list(target))) {
            assertThat(left).as("staging directories left").noneMatch(p -> p.getFileName().toString().startsWith(".arca-"));
        }
    }

    @Test
    void aFileSwappedForASymlinkJustBeforeItIsReadIsAWarningAndNotFollowed() throws IOException {
        Path source = tmp.resolve("source");
        TreeFixture.write(source.resolve("key"), "inside".getBytes(StandardCharsets.UTF_8));
        TreeFixture.write(source.resolve("other"), "other".getBytes(StandardCharsets.UTF_8));
        Path secret = Files.writeString(tmp.resolve("secret"), SECRET);
        Snapshotter racing = new Snapshotter(store, writer, pool, 4, Clock.systemUTC(), (dir, name, path) -> {
            if (name.toString().equals("key")) {
                dir.deleteFile(name);
                Files.createSymbolicLink(path, secret);
            }
            return FileOpener.DEFAULT.open(dir, name, path);
        });

        SnapshotResult result = racing.snapshot(new SnapshotRequest(source, "v", "b", Map.of(), null));

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).extracting(PathProblem::path).containsExactly("key");
        assertThat(result.warnings().get(0).message()).contains("replaced by a symlink", "not followed");
        Path restored = tmp.resolve("restored");
        new SnapshotRestorer(new ObjectReader(store), pool, 2).restore(result.manifest(), restored, RestoreOptions.ALL);
        assertThat(contents(restored)).containsExactly("other");
    }

    @Test
    void anEntryWhosePathNoLongerLeadsToTheFileItsDirectoryHoldsIsNeverReadThroughThatPath() throws IOException {
        Path source = tmp.resolve("source");
        TreeFixture.write(source.resolve("d/x"), "inside".getBytes(StandardCharsets.UTF_8));
        Path outside = tmp.resolve("outside");
        TreeFixture.write(outside.resolve("x"), SECRET.getBytes(StandardCharsets.UTF_8));
        AtomicBoolean armed = new AtomicBoolean();
        // the walk reads d's entries in the parent snapshot after opening and listing d, before it stats d/x
        ContentStore racing = new DelegatingStore(store) {
            @Override
            public byte[] get(ChunkId id) {
                byte[] data = super.get(id);
                if (new String(data, StandardCharsets.UTF_8).contains("\"name\":\"x\"") && armed.compareAndSet(true, false)) {
                    try {
                        swapForSymlink(source.resolve("d"), outside);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return data;
            }
        };
        Snapshotter snapshotter = new Snapshotter(racing, new ObjectWriter(racing, SnapshotRoundTripTest.SMALL), pool, 2,
                Clock.systemUTC());
        SnapshotManifest parent = snapshotter.snapshot(new SnapshotRequest(source, "v", "b", Map.of(), null)).manifest();
        armed.set(true);

        SnapshotResult result = snapshotter.snapshot(new SnapshotRequest(source, "v", "b", Map.of(), parent));

        assertThat(armed).isFalse();
        if (DescriptorStat.AVAILABLE) { // one stat through d's descriptor: the entry d holds, read through d
            assertThat(result.warnings()).isEmpty();
            byte[] x = new ObjectReader(store).readAll(Trees.entry(store, result.manifest(), "d/x").object());
            assertThat(new String(x, StandardCharsets.UTF_8)).isEqualTo("inside");
        } else { // a stat by path, checked against d's descriptor: the swap is seen and the entry skipped
            assertThat(result.warnings()).extracting(PathProblem::path).containsExactly("d/x");
            assertThat(result.warnings().get(0).message()).contains("was replaced, or a directory above it was");
            assertThat(Trees.listing(store, Trees.entry(store, result.manifest(), "d").object())).isEmpty();
        }
    }

    /** A content store that passes everything to another (tests override what they watch). */
    static class DelegatingStore implements ContentStore {
        private final ContentStore store;

        DelegatingStore(ContentStore store) {
            this.store = store;
        }

        @Override
        public ChunkId put(byte[] data, int off, int len) {
            return store.put(data, off, len);
        }

        @Override
        public ChunkId idOf(byte[] data, int off, int len) {
            return store.idOf(data, off, len);
        }

        @Override
        public boolean contains(ChunkId id) {
            return store.contains(id);
        }

        @Override
        public byte[] get(ChunkId id) {
            return store.get(id);
        }

        @Override
        public void flush() {
            store.flush();
        }

        @Override
        public ContentStats stats() {
            return store.stats();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}

package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.repository.content.ContentStats;
import dev.arca.repository.content.MemoryContentStore;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectRef;
import dev.arca.repository.object.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore never writes outside its target, whatever the directory objects or the target hold. */
class HostileRestoreTest {
    @TempDir
    Path tmp;

    final ExecutorService pool = Executors.newFixedThreadPool(2);
    final MemoryContentStore store = new MemoryContentStore();
    final ObjectWriter writer = new ObjectWriter(store, SnapshotRoundTripTest.SMALL);
    final SnapshotRestorer restorer = new SnapshotRestorer(new ObjectReader(store), pool, 2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A file entry named {@code name} (any text), as JSON written by hand. */
    String file(String name, String hardLinkTo) throws IOException {
        ObjectRef content = writer.write("pwned".getBytes(StandardCharsets.UTF_8));
        TreeEntry entry = hardLinkTo == null
                ? new TreeEntry("x", EntryType.FILE, 0644, 0, 0, 0, 5, 1, 1, 1, content, null, null, 0)
                : new TreeEntry("x", EntryType.FILE, 0644, 0, 0, 0, 5, 1, 1, 2, null, null, "x", 0);
        String json = Json.mapper().writeValueAsString(entry).replace("\"name\":\"x\"", "\"name\":" + quote(name));
        return hardLinkTo == null ? json : json.replace("\"hardLinkTo\":\"x\"", "\"hardLinkTo\":" + quote(hardLinkTo));
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    SnapshotManifest manifestWith(String... entries) {
        String json = "{\"version\":1,\"entries\":[" + String.join(",", entries) + "]}";
        ObjectRef dir = writer.write(json.getBytes(StandardCharsets.UTF_8));
        TreeEntry root = new TreeEntry("", EntryType.DIR, 0755, 0, 0, 0, 0, 0, 0, 1, dir, null, null, 0);
        SnapshotStats stats = new SnapshotStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ContentStats.EMPTY);
        return new SnapshotManifest("0123456789abcdef0123456789abcdef", "v", "b", Instant.EPOCH, root, stats, null,
                Map.of(), null, null);
    }

    @Test
    void refusesAnEntryNamedDotDotSomethingAndWritesNothingOutside() throws IOException {
        Path target = tmp.resolve("a/target");
        SnapshotManifest hostile = manifestWith(file("../../evil", null));

        assertThatThrownBy(() -> restorer.restore(hostile, target, RestoreOptions.ALL))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("\"../../evil\"")
                .hasMessageContaining(hostile.id());
        assertThat(tmp.resolve("evil")).doesNotExist();
        assertThat(tmp.resolve("a/evil")).doesNotExist();
    }

    @Test
    void refusesNamesWithSlashesDotsOrDuplicates() throws IOException {
        for (List<String> entries : List.of(List.of(file("sub/../../x", null)), List.of(file("..", null)),
                List.of(file(".", null)), List.of(file("", null)), List.of(file("same", null), file("same", null)))) {
            SnapshotManifest hostile = manifestWith(entries.toArray(String[]::new));
            assertThatThrownBy(() -> restorer.restore(hostile, tmp.resolve("t"), RestoreOptions.ALL))
                    .as("%s", entries).isInstanceOf(ArcaException.Corrupt.class);
        }
        try (var left = Files.list(tmp.resolve("t"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void refusesAHardLinkToAPathOutsideTheTarget() throws IOException {
        SnapshotManifest hostile = manifestWith(file("a", null), file("b", "../../etc/passwd"));

        assertThatThrownBy(() -> restorer.restore(hostile, tmp.resolve("t"), RestoreOptions.ALL))
                .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("../../etc/passwd");
    }

    @Test
    void aHardLinkToAFileNotInTheSnapshotIsAnErrorAndTheRestIsRestored() throws IOException {
        SnapshotManifest broken = manifestWith(file("a", null), file("b", "nowhere"));

        RestoreResult result = restorer.restore(broken, tmp.resolve("t"), RestoreOptions.ALL);

        assertThat(result.errors()).extracting(PathProblem::path).containsExactly("b");
        assertThat(tmp.resolve("t/a")).hasContent("pwned");
        assertThat(tmp.resolve("t/b")).doesNotExist();
    }

    @Test
    void replacesSymlinksInTheTargetInsteadOfWritingThroughThemAndLeavesExtraFilesAlone() throws IOException {
        Path source = tmp.resolve("source");
        TreeFixture.write(source.resolve("d/f"), "inside".getBytes());
        TreeFixture.write(source.resolve("top"), "top".getBytes());
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path victim = Files.writeString(outside.resolve("victim"), "untouched");
        Path target = Files.createDirectories(tmp.resolve("target"));
        Files.createSymbolicLink(target.resolve("d"), outside);
        Files.createSymbolicLink(target.resolve("top"), victim);
        Files.writeString(target.resolve("extra"), "mine");
        Snapshotter snapshotter = new Snapshotter(store, writer, pool, 2, Clock.systemUTC());
        SnapshotManifest snapshot = snapshotter.snapshot(new SnapshotRequest(source, "v", "b", Map.of(), null)).manifest();

        RestoreResult result = restorer.restore(snapshot, target, RestoreOptions.ALL);

        assertThat(result.errors()).isEmpty();
        assertThat(Files.isDirectory(target.resolve("d"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(target.resolve("d/f")).hasContent("inside");
        assertThat(Files.isSymbolicLink(target.resolve("top"))).isFalse();
        assertThat(target.resolve("top")).hasContent("top");
        assertThat(victim).hasContent("untouched");
        assertThat(outside.resolve("f")).doesNotExist();
        assertThat(target.resolve("extra")).hasContent("mine");
    }

    @Test
    void anEmptyDirectoryInTheWayOfAFileIsReplacedAndANonEmptyOneIsAnError() throws IOException {
        Path source = tmp.resolve("source");
        TreeFixture.write(source.resolve("empty"), "was a directory".getBytes());
        TreeFixture.write(source.resolve("full"), "cannot land".getBytes());
        TreeFixture.write(source.resolve("d/f"), "in d".getBytes());
        Path target = tmp.resolve("target");
        Files.createDirectories(target.resolve("empty"));
        Files.writeString(Files.createDirectories(target.resolve("full")).resolve("keep"), "kept");
        Files.writeString(target.resolve("d"), "a file where a directory belongs");
        Snapshotter snapshotter = new Snapshotter(store, writer, pool, 2, Clock.systemUTC());
        SnapshotManifest snapshot = snapshotter.snapshot(new SnapshotRequest(source, "v", "b", Map.of(), null)).manifest();

        RestoreResult result = restorer.restore(snapshot, target, RestoreOptions.ALL);

        assertThat(result.errors()).extracting(PathProblem::path).containsExactly("full");
        assertThat(result.errors().get(0).message()).contains("not empty", "move it away");
        assertThat(target.resolve("empty")).hasContent("was a directory");
        assertThat(target.resolve("full/keep")).hasContent("kept");
        assertThat(target.resolve("d/f")).hasContent("in d");
    }
}

package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.repository.maintenance.VerifyReport;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository written by the former sealing format (format 1) stays readable, and takes new data beside it. */
class RepositoryFormatTest {
    private static final String SNAPSHOT = "ead35c03f47c842505de8d2c9ff4f0d2";

    @TempDir
    Path dir;

    @Test
    void aRepositoryWrittenInTheFormerFormatRestoresVerifiesAndTakesNewSnapshots() throws Exception {
        Path location = dir.resolve("location");
        copy(Path.of(getClass().getResource("/fixtures/repository-v1").toURI()), location);
        ObjectStore store = new FilesystemObjectStore(location);
        try (Repository repo = Repository.open(store)) {
            assertThat(repo.snapshots()).extracting(SnapshotSummary::id, SnapshotSummary::backup)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(SNAPSHOT, "v1-format"));
            repo.restore(SNAPSHOT, dir.resolve("restored"));
            assertFixtureTree(dir.resolve("restored"));

            Files.writeString(dir.resolve("restored/new.txt"), "written in format 2\n");
            SnapshotSummary next = repo.backup(dir.resolve("restored"), "shop/data", "v2-format", Map.of());
            assertThat(next.parent()).isEqualTo(SNAPSHOT);
            repo.restore(next.id(), dir.resolve("again"));
            assertFixtureTree(dir.resolve("again"));
            assertThat(Files.readString(dir.resolve("again/new.txt"))).isEqualTo("written in format 2\n");

            VerifyReport report = repo.verify(1.0);
            assertThat(report.problems()).isEmpty();
            assertThat(report.chunksRead()).isEqualTo(report.chunks()).isGreaterThan(2);
        }
    }

    @Test
    void aRepositoryWrittenInTheFormerFormatTakesAKeyRotationAndReadsBothGenerations() throws Exception {
        Path location = dir.resolve("location");
        copy(Path.of(getClass().getResource("/fixtures/repository-v1").toURI()), location);
        ObjectStore store = new FilesystemObjectStore(location);
        assertThat(Repository.rotateKeys(store)).isEqualTo(2);
        try (Repository repo = Repository.open(store)) {
            repo.restore(SNAPSHOT, dir.resolve("restored"));
            assertFixtureTree(dir.resolve("restored"));
            Files.writeString(dir.resolve("restored/new.txt"), "sealed under generation 2\n");
            SnapshotSummary next = repo.backup(dir.resolve("restored"), "shop/data", "after-rotation", Map.of());
            repo.restore(next.id(), dir.resolve("again"));
            assertFixtureTree(dir.resolve("again"));
            assertThat(Files.readString(dir.resolve("again/new.txt"))).isEqualTo("sealed under generation 2\n");
            VerifyReport report = repo.verify(1.0);
            assertThat(report.problems()).isEmpty();
            assertThat(report.chunksRead()).isEqualTo(report.chunks()).isGreaterThan(2);
        }
    }

    /** The tree the fixture was made from: a.txt, dir/b.bin (50,000 bytes of Random(3)), dir/c.txt. */
    private static void assertFixtureTree(Path root) throws Exception {
        byte[] b = new byte[50_000];
        new Random(3).nextBytes(b);
        assertThat(Files.readString(root.resolve("a.txt"), StandardCharsets.UTF_8)).isEqualTo("alpha\n");
        assertThat(Files.readAllBytes(root.resolve("dir/b.bin"))).isEqualTo(b);
        assertThat(Files.readString(root.resolve("dir/c.txt"), StandardCharsets.UTF_8)).isEqualTo("gamma ".repeat(5000));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}

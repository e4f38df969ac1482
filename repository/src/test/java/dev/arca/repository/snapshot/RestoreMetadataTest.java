package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arca.repository.content.MemoryContentStore;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner, mode and times of restored entries, now that calls that would change nothing are skipped. */
class RestoreMetadataTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final FileTime MTIME = FileTime.from(Instant.parse("2020-02-03T04:05:06.123456789Z"));

    @TempDir
    Path tmp;

    final ExecutorService pool = Executors.newFixedThreadPool(3);
    final MemoryContentStore store = new MemoryContentStore();
    final Snapshotter snapshotter = new Snapshotter(store, new ObjectWriter(store, SnapshotRoundTripTest.SMALL), pool, 4,
            Clock.systemUTC());
    final SnapshotRestorer restorer = new SnapshotRestorer(new ObjectReader(store), pool, 4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void filesGetTheirModeWhetherOrNotTheUmaskLetsItThroughAtCreation() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("parent/source"));
        int[] modes = {0600, 0755, 0777, 04755, 02750, 01777, 0444, 0200, 0};
        for (int mode : modes) {
            Path f = Files.writeString(source.resolve(Integer.toOctalString(mode)), "mode " + mode);
            Files.setAttribute(f, "unix:mode", mode);
        }

        Path target = restore(source, tmp.resolve("parent/target"));

        for (int mode : modes) {
            assertThat(mode(target.resolve(Integer.toOctalString(mode)))).as("mode %o", mode).isEqualTo(mode);
        }
    }

    @Test
    void aChmodIsNeededOnlyForSetuidSetgidStickyOrBitsTheUmaskClears() {
        EntryMetadata underUmask022 = new EntryMetadata(RestoreOptions.ALL, new Staging.NewEntries(0, 0, 022, MTIME), true);

        assertThat(underUmask022.madeWithMode(0600)).isTrue();
        assertThat(underUmask022.madeWithMode(0755)).isTrue();
        assertThat(underUmask022.madeWithMode(0777)).as("group and others' write cleared by the umask").isFalse();
        assertThat(underUmask022.madeWithMode(04755)).as("setuid").isFalse();
        assertThat(underUmask022.madeWithMode(02755)).as("setgid").isFalse();
        assertThat(underUmask022.madeWithMode(01755)).as("sticky").isFalse();
    }

    @Test
    void ownersAreRestoredWhetherTheyMatchANewFilesOwnerOrDifferInUidGidOrBoth() throws IOException {
        assumeTrue(isRoot(), "only root may give files away");
        Path source = Files.createDirectories(tmp.resolve("parent/source"));
        Map<String, int[]> owners = Map.of("root", new int[] {0, 0}, "uid", new int[] {1234, 0}, "gid", new int[] {0, 5678},
                "both", new int[] {1234, 5678});
        owners.forEach((name, owner) -> owned(write(source.resolve(name)), owner));
        Path link = Files.createSymbolicLink(source.resolve("link"), Path.of("both"));
        owned(link, new int[] {777, 778});

        Path target = restore(source, tmp.resolve("parent/target"));

        owners.forEach((name, owner) -> assertThat(owner(target.resolve(name))).as("owner of %s", name).containsExactly(owner));
        assertThat(owner(target.resolve("link"))).as("owner of the symlink").containsExactly(777, 778);
    }

    @Test
    void aRootOwnedEntryIsChownedWhenTheStagingDirectoryGivesNewFilesAnotherGroup() throws IOException {
        assumeTrue(isRoot(), "only root may give files away");
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        Files.setAttribute(parent, "unix:gid", 4242);
        Files.setAttribute(parent, "unix:mode", 02775); // setgid: what is made in it gets group 4242
        Path source = Files.createDirectories(tmp.resolve("source"));
        owned(write(source.resolve("f")), new int[] {0, 0});

        Path target = restore(source, parent.resolve("target"));

        assertThat(owner(target.resolve("f"))).containsExactly(0, 0);
    }

    @Test
    void aDirectoryAlreadyInTheTargetGetsItsRecordedOwnerEvenWhenANewFileWouldHaveIt() throws IOException {
        assumeTrue(isRoot(), "only root may give files away");
        Path source = Files.createDirectories(tmp.resolve("parent/source"));
        write(source.resolve("d/f"));
        Path target = Files.createDirectories(tmp.resolve("parent/target/d"));
        owned(target, new int[] {1234, 5678});

        restore(source, target.getParent());

        assertThat(owner(target)).containsExactly(0, 0);
    }

    @Test
    void mtimeIsRestoredToTheNanosecondAndAtimeIsWhenTheRestoreBegan() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("parent/source"));
        Files.setLastModifiedTime(write(source.resolve("f")), MTIME);
        Instant before = Instant.now().minusSeconds(1); // the file system's clock is coarser than the JVM's

        Path target = restore(source, tmp.resolve("parent/target"));

        Instant after = Instant.now().plusSeconds(1);
        Map<String, Object> times = Files.readAttributes(target.resolve("f"), "lastModifiedTime,lastAccessTime", NOFOLLOW);
        assertThat(times.get("lastModifiedTime")).isEqualTo(MTIME);
        assertThat(((FileTime) times.get("lastAccessTime")).toInstant()).isBetween(before, after);
    }

    private Path restore(Path source, Path target) {
        SnapshotResult snapshot = snapshotter.snapshot(new SnapshotRequest(source, "ns/claim", "b", Map.of(), null));
        assertThat(snapshot.errors()).isEmpty();
        RestoreResult result = restorer.restore(snapshot.manifest(), target, RestoreOptions.ALL);
        assertThat(result.errors()).isEmpty();
        return target;
    }

    private static Path write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, "content of " + file.getFileName());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void owned(Path path, int[] owner) {
        try {
            Files.setAttribute(path, "unix:uid", owner[0], NOFOLLOW);
            Files.setAttribute(path, "unix:gid", owner[1], NOFOLLOW);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int[] owner(Path path) {
        try {
            return new int[] {(Integer) Files.getAttribute(path, "unix:uid", NOFOLLOW), (Integer) Files.getAttribute(path,
                    "unix:gid", NOFOLLOW)};
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW) & 07777;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}

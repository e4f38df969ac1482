package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-stat path of the walk gives exactly what the path's stat gives, for every kind of entry; the module's
 * tests run with {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED} as {@code bin/arca} does, so a JDK whose
 * private fields moved fails here rather than silently costing a second stat per entry.
 */
class DescriptorStatTest {
    @TempDir
    Path tmp;

    @Test
    void oneStatThroughTheDirectoryGivesWhatThePathsStatGivesForEveryKindOfEntry() throws Exception {
        assertThat(DescriptorStat.AVAILABLE).as("the JDK's attributes are reachable with the module's --add-opens").isTrue();
        Path file = Files.write(tmp.resolve("file"), new byte[12345]);
        Files.setAttribute(file, "unix:mode", 04750);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2021-03-04T05:06:07.123456789Z")));
        Files.createLink(tmp.resolve("link"), file);
        Files.createDirectory(tmp.resolve("dir"));
        Files.createSymbolicLink(tmp.resolve("symlink"), Path.of("/etc/passwd"));
        Files.write(tmp.resolve("old"), new byte[1]);
        Files.setLastModifiedTime(tmp.resolve("old"), FileTime.from(Instant.parse("1999-12-31T23:59:59Z"))); // no nanoseconds
        Process fifo = new ProcessBuilder("mkfifo", tmp.resolve("fifo").toString()).start();
        assertThat(fifo.waitFor()).isZero();
        try (SecureDirectoryStream<Path> dir = SecureDirs.openTrusted(tmp)) {
            for (String name : List.of("file", "link", "dir", "symlink", "old", "fifo")) {
                FileStat viaDescriptor = DescriptorStat.of(dir, Path.of(name));
                assertThat(viaDescriptor).as(name).isEqualTo(FileStat.of(tmp.resolve(name), false));
            }
            FileStat f = DescriptorStat.of(dir, Path.of("file"));
            assertThat(f.nlink()).isEqualTo(2);
            assertThat(f.mode()).isEqualTo(04750);
            assertThat(f.mtimeNanos()).isEqualTo(Instant.parse("2021-03-04T05:06:07.123456789Z").getEpochSecond() * 1_000_000_000L
                    + 123456789);
        }
    }

    @Test
    void aMissingEntryIsAnIOExceptionAsThePathsStatIs() throws IOException {
        try (SecureDirectoryStream<Path> dir = SecureDirs.openTrusted(tmp)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DescriptorStat.of(dir, Path.of("gone")))
                    .isInstanceOf(java.nio.file.NoSuchFileException.class);
        }
    }

    @Test
    void aFileIsOnlyTrustedByItsTimesWhenItsLastChangeWasWellBeforeTheParentBegan() {
        Instant parentStart = Instant.parse("2026-01-01T00:00:10Z");
        long settled = SnapshotRun.settledBefore(parentStart);
        long ctime = Instant.parse("2026-01-01T00:00:09.5Z").getEpochSecond() * 1_000_000_000L + 500_000_000L;
        FileStat now = new FileStat(EntryType.FILE, 0644, 0, 0, 1, 10, 7, 1, 1, ctime, null);
        TreeEntry previous = now.entry("f", 10, new dev.arca.repository.object.ObjectRef(List.of(), 10), null, null);
        assertThat(now.unchangedSince(previous, settled)).as("changed half a second before the parent began").isFalse();
        assertThat(now.unchangedSince(previous, SnapshotRun.settledBefore(parentStart.plusSeconds(1)))).isTrue();
        assertThat(SnapshotRun.settledBefore(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
    }
}

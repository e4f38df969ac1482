package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Builds a varied directory tree and compares two trees byte for byte and metadata for metadata. */
final class TreeFixture {
    static final String HARD_LINK = "d2/hard";
    static final String HARD_LINK_FIRST = "d0/sub1/f7.bin";
    static final Instant PAST = Instant.parse("2019-03-04T05:06:07.123456789Z");

    private TreeFixture() {
    }

    /** Writes about three hundred files into {@code root}; returns the regular files' relative paths. */
    static List<String> build(Path root, long seed) throws IOException {
        Random random = new Random(seed);
        List<String> files = new ArrayList<>();
        byte[] shared = bytes(random, 5000);
        for (int i = 0; i < 300; i++) {
            String rel = "d" + (i % 7) + "/sub" + (i % 3) + "/f" + i + ".bin";
            int size = i % 10 == 0 ? 0 : i % 17 == 0 ? 40_000 + random.nextInt(20_000) : 1 + random.nextInt(3000);
            byte[] data = i % 23 == 0 ? shared : bytes(random, size);
            write(root.resolve(rel), data);
            files.add(rel);
        }
        write(root.resolve("top.txt"), "at the top\n".getBytes());
        files.add("top.txt");
        Files.createDirectories(root.resolve("empty-dir"));
        Files.createSymbolicLink(root.resolve("d0/ln-file"), Path.of("sub0/f0.bin"));
        Files.createSymbolicLink(root.resolve("ln-dir"), Path.of("d1"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nonexistent/nowhere"));
        Files.createLink(root.resolve(HARD_LINK), root.resolve(HARD_LINK_FIRST));
        Files.setAttribute(root.resolve("d3/sub0/f3.bin"), "unix:mode", 0600);
        Files.setAttribute(root.resolve("d4/sub1/f4.bin"), "unix:mode", 0444);
        Files.setAttribute(root.resolve("d5/sub2/f5.bin"), "unix:mode", 04755);
        Files.setAttribute(root.resolve("d6"), "unix:mode", 0700);
        Files.setAttribute(root.resolve("d1/sub1/f1.bin"), "unix:uid", 1234);
        Files.setAttribute(root.resolve("d1/sub1/f1.bin"), "unix:gid", 5678);
        Files.setAttribute(root.resolve("d1/sub2"), "unix:uid", 4321);
        Files.setAttribute(root.resolve("d0/ln-file"), "unix:uid", 777, LinkOption.NOFOLLOW_LINKS);
        setTimes(root);
        return files;
    }

    /** Sets every mtime in the past (distinct per path, nanosecond part included), children first. */
    static void setTimes(Path root) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = new ArrayList<>(walk.toList());
        }
        java.util.Collections.reverse(all);
        long offset = 0;
        for (Path p : all) {
            FileTime time = FileTime.from(PAST.plusSeconds(offset++ * 61).plusNanos(offset * 1001));
            Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).setTimes(time, null, null);
        }
    }

    static void write(Path path, byte[] data) throws IOException {
        Files.createDirectories(path.getParent());
        Files.write(path, data);
    }

    static byte[] bytes(Random random, int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }

    /** Asserts {@code actual} holds exactly what {@code expected} holds (specials excepted), with metadata. */
    static void assertSameTree(Path expected, Path actual) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(expected)) {
            paths = walk.toList();
        }
        int compared = 0;
        for (Path p : paths) {
            String rel = expected.relativize(p).toString();
            Path q = actual.resolve(rel);
            FileStat want = FileStat.of(p, false);
            if (want.type().isSpecial()) {
                assertThat(Files.exists(q, LinkOption.NOFOLLOW_LINKS)).as("special %s not restored", rel).isFalse();
                continue;
            }
            FileStat got = FileStat.of(q, false);
            assertThat(got.type()).as("type of %s", rel).isEqualTo(want.type());
            assertThat(got.uid()).as("uid of %s", rel).isEqualTo(want.uid());
            assertThat(got.gid()).as("gid of %s", rel).isEqualTo(want.gid());
            switch (want.type()) {
                case FILE -> {
                    assertThat(got.mode()).as("mode of %s", rel).isEqualTo(want.mode());
                    assertThat(got.mtimeNanos()).as("mtime of %s", rel).isEqualTo(want.mtimeNanos());
                    assertThat(Files.mismatch(p, q)).as("content of %s", rel).isEqualTo(-1L);
                }
                case DIR -> {
                    assertThat(got.mode()).as("mode of %s", rel).isEqualTo(want.mode());
                    assertThat(got.mtimeNanos()).as("mtime of dir %s", rel).isEqualTo(want.mtimeNanos());
                }
                case SYMLINK -> {
                    assertThat(Files.readSymbolicLink(q)).as("target of %s", rel).isEqualTo(Files.readSymbolicLink(p));
                    assertThat(got.mtimeNanos() / 1000).as("mtime (us) of %s", rel).isEqualTo(want.mtimeNanos() / 1000);
                }
                default -> throw new AssertionError(rel);
            }
            compared++;
        }
        try (Stream<Path> walk = Files.walk(actual)) {
            assertThat(walk.count()).as("entries in the restored tree").isEqualTo(compared);
        }
    }
}

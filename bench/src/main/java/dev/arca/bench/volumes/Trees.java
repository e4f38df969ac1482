package dev.arca.bench.volumes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Directory trees: listing, sizes, reading (to warm the page cache), comparing and deleting. */
final class Trees {
    private Trees() {
    }

    /** Regular files under {@code dir}, sorted; empty when it does not exist. */
    static List<Path> regularFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The sum of the sizes of the regular files under {@code dir} (apparent sizes, like {@code du -b}). */
    static long totalSize(Path dir) {
        return listing(dir).values().stream().mapToLong(Long::longValue).filter(v -> v > 0).sum();
    }

    /** Relative path → size of each regular file under {@code dir}; directories as path + "/" → -1. */
    static TreeMap<String, Long> listing(Path dir) {
        TreeMap<String, Long> entries = new TreeMap<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (!d.equals(dir)) {
                        entries.put(dir.relativize(d) + "/", -1L);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        entries.put(dir.relativize(f).toString(), attrs.size());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** Reads every file under {@code dir} once and throws the bytes away, so the page cache holds them. */
    static long readAll(Path dir) {
        byte[] buf = new byte[DataSet.BUFFER];
        long total = 0;
        for (Path f : regularFiles(dir)) {
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return total;
    }

    /**
     * Checks that {@code restored} holds what {@code source} holds: the same directories and files
     * with the same sizes, and the same SHA-256 for every large file and {@code samples} small
     * files picked from {@code seed}.
     *
     * @return null when they match, else what differs (the first few differences)
     */
    static String difference(Path source, Path restored, int samples, long seed) {
        if (!Files.isDirectory(restored)) {
            return "the restored directory " + restored + " does not exist";
        }
        TreeMap<String, Long> want = listing(source);
        TreeMap<String, Long> got = listing(restored);
        List<String> diffs = new ArrayList<>();
        for (var e : want.entrySet()) {
            Long size = got.get(e.getKey());
            if (size == null) {
                diffs.add("missing " + e.getKey());
            } else if (!size.equals(e.getValue())) {
                diffs.add("size of " + e.getKey() + ": " + size + " bytes, want " + e.getValue());
            }
        }
        got.keySet().stream().filter(k -> !want.containsKey(k)).forEach(k -> diffs.add("unexpected " + k));
        if (!diffs.isEmpty()) {
            return diffs.size() + " differences in " + want.size() + " entries, e.g. " + diffs.subList(0, Math.min(5, diffs.size()));
        }
        List<String> files = want.entrySet().stream().filter(e -> e.getValue() >= 0).map(e -> e.getKey()).toList();
        List<String> checked = new ArrayList<>(files.stream().filter(f -> !f.startsWith(DataSet.SMALL + "/")).toList());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < samples && !files.isEmpty(); i++) {
            checked.add(files.get(random.nextInt(files.size())));
        }
        for (String f : checked) {
            if (!sha256(source.resolve(f)).equals(sha256(restored.resolve(f)))) {
                return "content of " + f + " differs (SHA-256)";
            }
        }
        return null;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[DataSet.BUFFER];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes {@code dir} and everything under it; absent is fine. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException ignored) {
                    // gone already
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}

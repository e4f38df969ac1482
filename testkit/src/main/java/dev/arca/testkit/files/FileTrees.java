package dev.arca.testkit.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds a volume-like directory tree (many small files, a few larger ones, compressible text and
 * random bytes, nested directories, symlinks, odd modes, old mtimes) and describes any tree as a
 * sorted map path → "type mode owner mtime size sha256|target", so two trees compare with one
 * {@code isEqualTo}.
 */
public final class FileTrees {
    private FileTrees() {
    }

    /** Fills {@code root} with {@code files} regular files (plus links); deterministic for a seed. */
    public static void populate(Path root, int files, long seed) {
        Random random = new Random(seed);
        try {
            Files.createDirectories(root);
            for (int i = 0; i < files; i++) {
                Path dir = root.resolve("d" + (i % 7)).resolve("sub" + (i % 3));
                Files.createDirectories(dir);
                Path file = dir.resolve("file-" + i + (i % 5 == 0 ? ".bin" : ".txt"));
                int size = i % 50 == 0 ? 300_000 + random.nextInt(900_000) : random.nextInt(8_000);
                Files.write(file, i % 5 == 0 ? randomBytes(random, size) : text(random, size, i));
                if (i % 11 == 0) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(i % 2 == 0 ? "rw-------" : "r--r--r--"));
                }
                Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i * 3600L + 7)));
            }
            Files.createDirectories(root.resolve("empty-dir"));
            Files.write(root.resolve("empty-file"), new byte[0]);
            Files.createSymbolicLink(root.resolve("link-to-file"), Path.of("d0/sub0/file-0.bin"));
            Files.createSymbolicLink(root.resolve("link-to-dir"), Path.of("d1"));
            Files.createSymbolicLink(root.resolve("dangling"), Path.of("does/not/exist"));
            Path script = root.resolve("run.sh");
            Files.writeString(script, "#!/bin/sh\necho hi\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every entry under {@code root} (not root itself), described; symlinks are not followed. */
    public static Map<String, String> describe(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                out.put(root.relativize(p).toString(), entry(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Total bytes of the regular files under {@code root}. */
    public static long size(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String entry(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return "link -> " + Files.readSymbolicLink(p);
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Object gid = Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        String common = PosixFilePermissions.toString(perms) + " " + uid + ":" + gid;
        FileTime mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return "dir " + common + " " + mtime.toInstant();
        }
        return "file " + common + " " + mtime.toInstant() + " " + Files.size(p) + " " + sha256(p);
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    private static byte[] text(Random random, int size, int i) {
        StringBuilder sb = new StringBuilder(size + 64);
        while (sb.length() < size) {
            sb.append("line ").append(i).append(' ').append(random.nextInt(1000)).append(" of a volume's log file\n");
        }
        return sb.substring(0, size).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}

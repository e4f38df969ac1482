package dev.arca.repository.snapshot;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A restore's private directory, mode 0700, on the target's file system: each entry is made
 * there through plain paths (the JDK has no {@code mkdirat}, {@code symlinkat} or {@code linkat}),
 * gets its metadata there, and is then renamed into place with {@code renameat} relative to the
 * open destination directory ({@link SecureDirectoryStream#move}).
 *
 * <p>It is a sibling of the target ({@code .arca-restore-*} next to it), which no pod reaches:
 * a pod sees the volume, not the directory that holds it. When the target is the root of its
 * own file system (a mount point) or its parent takes no writes, no sibling can be renamed
 * from, and the staging directory is made inside the target instead: a pod that renames it in
 * the instant between its creation of an entry and the rename could then redirect that one
 * creation; see {@link #isPrivate()}. Removed when closed (left, with its path in the restore's
 * warnings, only if something could not be moved out of it).
 */
final class Staging implements Closeable {
    private static final String PREFIX = ".arca-restore-";

    private final Path path;
    private final SecureDirectoryStream<Path> dir;
    private final SecureDirectoryStream<Path> insideTarget;
    private final AtomicLong names = new AtomicLong();
    private final NewEntries newEntries;

    /**
     * What an entry made in the staging directory gets unasked: the process's uid and the gid the
     * directory gives (its own when it is setgid), the permission bits the umask (or a default
     * ACL) clears from a requested mode, and when it was made.
     *
     * @param masked  the bits of 0777 that a file created with mode 0777 did not get
     * @param madeAt  the modification time the file system gave a file made as the restore began
     */
    record NewEntries(int uid, int gid, int masked, FileTime madeAt) {
    }

    private Staging(Path path, SecureDirectoryStream<Path> dir, SecureDirectoryStream<Path> insideTarget)
            throws IOException {
        this.path = path;
        this.dir = dir;
        this.insideTarget = insideTarget;
        this.newEntries = probe();
    }

    /**
     * Makes a file with mode 0777, reads what it got, and deletes it: one probe per restore. Made, read and deleted
     * through the staging directory's descriptor: inside the target, a pod could swap the directory's path for a
     * symlink, and a probe by path would then make, or delete, a file elsewhere.
     */
    private NewEntries probe() throws IOException {
        Path name = newName();
        boolean made = false;
        try {
            dir.newByteChannel(name, java.util.Set.of(java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx"))).close();
            made = true;
            NewEntries got = probed(name);
            made = false;
            dir.deleteFile(name);
            return got;
        } catch (IOException | RuntimeException e) {
            if (made) {
                discard(name);
            }
            dir.close();
            throw new IOException("cannot make a file in the staging directory " + path + " (" + e + ")", e);
        }
    }

    private NewEntries probed(Path name) throws IOException {
        FileStat stat = DescriptorStat.of(dir, name);
        if (stat != null) {
            return new NewEntries(stat.uid(), stat.gid(), 0777 & ~stat.mode(), FileTime.from(stat.mtimeNanos(),
                    java.util.concurrent.TimeUnit.NANOSECONDS));
        }
        // without the JDK's fields, read by path (a redirected read can only mislead the probe, not touch a file)
        Map<String, Object> got = Files.readAttributes(pathOf(name), "unix:uid,gid,mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        return new NewEntries((Integer) got.get("uid"), (Integer) got.get("gid"), 0777 & ~(Integer) got.get("mode"),
                (FileTime) got.get("lastModifiedTime"));
    }

    /** What an entry made here gets without being asked; see {@link NewEntries}. */
    NewEntries newEntries() {
        return newEntries;
    }

    /** Makes the staging directory for {@code target} (open as {@code targetDir}): a sibling if it can, else inside. */
    static Staging create(Path target, SecureDirectoryStream<Path> targetDir) throws IOException {
        Path parent = target.getParent();
        if (parent != null) {
            Path sibling = null;
            try {
                sibling = Files.createTempDirectory(parent, PREFIX, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                if (device(sibling).equals(device(target))) {
                    return new Staging(sibling, SecureDirs.openTrusted(sibling), null);
                }
                Files.delete(sibling);
            } catch (IOException e) {
                if (sibling != null) {
                    Files.deleteIfExists(sibling);
                }
            }
        }
        Path inside = Files.createTempDirectory(target, PREFIX, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try {
            return new Staging(inside, SecureDirs.openChild(targetDir, inside.getFileName()), targetDir);
        } catch (IOException e) {
            Files.deleteIfExists(inside);
            throw e;
        }
    }

    private static Object device(Path p) throws IOException {
        return Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS);
    }

    /** False when the staging directory had to be made inside the target, where a pod can reach it. */
    boolean isPrivate() {
        return insideTarget == null;
    }

    Path path() {
        return path;
    }

    /** A fresh name in the staging directory. */
    Path newName() {
        return path.getFileSystem().getPath("e" + names.incrementAndGet());
    }

    /** The path of {@code name} in the staging directory, for the operations the JDK offers only on paths. */
    Path pathOf(Path name) {
        return path.resolve(name);
    }

    SecureDirectoryStream<Path> dir() {
        return dir;
    }

    /** Renames {@code name} from the staging directory to {@code target} in {@code destination}, replacing a non-directory. */
    void moveOut(Path name, SecureDirectoryStream<Path> destination, Path target) throws IOException {
        dir.move(name, destination, target);
    }

    /** Removes a leftover (an entry whose rename failed); best effort. */
    void discard(Path name) {
        try {
            dir.deleteFile(name);
        } catch (IOException e) {
            try {
                dir.deleteDirectory(name);
            } catch (IOException ignored) {
                // left; close() reports the staging directory as not removed
            }
        }
    }

    /** Removes the (empty) staging directory; throws if it is not empty, naming it. */
    @Override
    public void close() throws IOException {
        try {
            for (Path name : SecureDirs.names(dir)) {
                discard(name);
            }
        } finally {
            dir.close();
        }
        if (insideTarget == null) {
            Files.delete(path);
        } else {
            insideTarget.deleteDirectory(path.getFileName());
        }
    }
}

package dev.arca.storage.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The file-system steps of a write that must survive a crash or a power loss, on files and
 * directories that only their owner can read (0600, 0700). A temporary file
 * is forced to disk before it is renamed (or linked) into place, and the directory that holds the
 * new name is forced after, with every directory the write created on the way. Without the first,
 * a rename can reach the disk before the data and leave an empty file under the final name;
 * without the second, the rename itself can be lost.
 */
final class DurableFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DurableFiles() {
    }

    /**
     * Creates {@code dir} and any missing parents, readable by the owner only (0700) where the file
     * system has POSIX permissions: a location holds every Secret of the cluster.
     * @return the highest directory this call created (the one whose own name must be made durable), or null
     */
    static Path createDirectories(Path dir) throws IOException {
        Path top = null;
        for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
            top = p;
        }
        if (top != null) {
            Files.createDirectories(dir, permissions(dir, DIRECTORY));
        }
        return top;
    }

    /** A new, empty file open for writing, readable and writable by the owner only (0600) where the file system has POSIX permissions. */
    static FileChannel createFile(Path file) throws IOException {
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), permissions(file, FILE));
    }

    private static FileAttribute<?>[] permissions(Path path, Set<PosixFilePermission> permissions) {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    }

    /** Forces the file's bytes and size to disk, then closes it. */
    static void forceAndClose(FileChannel file) throws IOException {
        try (file) {
            file.force(true);
        }
    }

    /** Renames {@code tmp} over {@code target} (atomically where the file system can), then makes the rename durable. */
    static void replace(Path tmp, Path target, Path createdTop) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncNewName(target, createdTop);
    }

    /**
     * Gives {@code tmp}'s file the name {@code target} only if no file has it: a hard link, which the
     * file system makes atomically; on a file system without hard links, a move that refuses an
     * existing target (a narrow race between its check and its rename remains there).
     * @return whether the name was free
     */
    static boolean linkIfAbsent(Path tmp, Path target, Path createdTop) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (NoSuchFileException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) { // no hard links here
            try {
                Files.move(tmp, target); // no REPLACE_EXISTING: refuses an existing target
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
        }
        syncNewName(target, createdTop);
        return true;
    }

    /** Forces the directory holding {@code file}, and the parents of the directories created for it up to {@code createdTop}. */
    private static void syncNewName(Path file, Path createdTop) {
        Path dir = file.getParent();
        Path last = createdTop == null ? dir : createdTop.getParent();
        while (dir != null) {
            syncDirectory(dir);
            if (dir.equals(last)) {
                return;
            }
            dir = dir.getParent();
        }
    }

    /** Forces a directory's entries to disk; a file system that cannot (some network and FUSE ones refuse) is left as is. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // nothing more can be done here: the data itself was forced
        }
    }
}

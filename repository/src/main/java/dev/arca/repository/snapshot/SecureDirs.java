package dev.arca.repository.snapshot;

import dev.arca.api.ArcaException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Directory descriptors opened relative to directory descriptors ({@code openat} with
 * {@code O_NOFOLLOW}, as the JDK's {@link SecureDirectoryStream} does on Linux): a path below one
 * of them is never resolved again, so a directory swapped for a symlink cannot send a read or a
 * write elsewhere.
 */
final class SecureDirs {
    private SecureDirs() {
    }

    /** Opens a directory by a path the caller trusts: a volume's root, a restore target, a private staging directory. */
    static SecureDirectoryStream<Path> openTrusted(Path dir) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(dir);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new ArcaException.InvalidInput("Java gives no SecureDirectoryStream (openat) for " + dir + " on this"
                + " platform; volume backup and restore need one to stay inside a volume a pod can write: run Arca on Linux");
    }

    /** Opens directory {@code name} of {@code parent}; fails if it is a symlink or not a directory. */
    static SecureDirectoryStream<Path> openChild(SecureDirectoryStream<Path> parent, Path name) throws IOException {
        return (SecureDirectoryStream<Path>) parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
    }

    /** The entries' names (single components), sorted. The iterator of a directory stream can be taken once. */
    static List<Path> names(SecureDirectoryStream<Path> dir) throws IOException {
        List<Path> names = new ArrayList<>();
        try {
            for (Path p : dir) {
                names.add(p.getFileName());
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        names.sort(Comparator.comparing(Path::toString));
        return names;
    }

    /** {@code fstatat(dir, name, AT_SYMLINK_NOFOLLOW)}. */
    static BasicFileAttributes stat(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
    }

    /** The identity (device, inode) of the directory itself ({@code fstat}). */
    static Object key(SecureDirectoryStream<Path> dir) throws IOException {
        return dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
    }

    /** A path's directory, open, and the path's last component: {@code dir} is closed with it unless it is the top. */
    record Located(SecureDirectoryStream<Path> dir, Path name, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                closeQuietly(dir);
            }
        }
    }

    /** Opens the directory of {@code rel} ('/'-separated, below {@code top}) one descriptor at a time, never following a link. */
    static Located locate(SecureDirectoryStream<Path> top, Path topPath, String rel) throws IOException {
        String[] segments = rel.split("/");
        SecureDirectoryStream<Path> dir = top;
        try {
            for (int i = 0; i < segments.length - 1; i++) {
                SecureDirectoryStream<Path> next = openChild(dir, topPath.getFileSystem().getPath(segments[i]));
                if (dir != top) {
                    dir.close();
                }
                dir = next;
            }
        } catch (IOException e) {
            if (dir != top) {
                closeQuietly(dir);
            }
            throw e;
        }
        return new Located(dir, topPath.getFileSystem().getPath(segments[segments.length - 1]), dir != top);
    }

    /** A short description of what an entry is now, for messages. */
    static String kind(BasicFileAttributes a) {
        return a.isSymbolicLink() ? "symlink" : a.isDirectory() ? "directory" : a.isRegularFile() ? "file" : "special file";
    }

    static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // a directory descriptor that fails to close leaks nothing the kernel keeps
        }
    }
}

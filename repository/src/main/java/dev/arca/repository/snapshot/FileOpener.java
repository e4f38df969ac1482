package dev.arca.repository.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Opens a regular file for reading during a snapshot, relative to its directory's open
 * descriptor. The seam exists so tests can make a file unreadable, vanish, or race the walk
 * (chmod does not stop root); production uses {@link #DEFAULT}. A
 * {@link java.nio.file.NoSuchFileException} means the file vanished; any other
 * {@link IOException} that it cannot be read.
 */
@FunctionalInterface
public interface FileOpener {
    /** {@code openat(dir, name, O_RDONLY | O_NOFOLLOW)}: neither the file nor any directory above it is a followed link. */
    FileOpener DEFAULT = (dir, name, path) -> Channels.newInputStream(
            dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));

    /**
     * @param dir  the file's directory, open (the walk reached it without following a link)
     * @param name the file's name in {@code dir}, one path component
     * @param path where the file was listed, for messages and tests; never opened
     */
    InputStream open(SecureDirectoryStream<Path> dir, Path name, Path path) throws IOException;
}

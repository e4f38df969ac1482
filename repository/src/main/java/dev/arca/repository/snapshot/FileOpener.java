package dev.arca.repository.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Opens a regular file for reading during a snapshot. The seam exists so tests can make a file
 * unreadable or vanish (chmod does not stop root); production uses {@link #DEFAULT}.
 * A {@link java.nio.file.NoSuchFileException} means the file vanished; any other
 * {@link IOException} that it cannot be read.
 */
@FunctionalInterface
public interface FileOpener {
    /** Opens the file itself, never through a symlink. */
    FileOpener DEFAULT = path -> Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);

    InputStream open(Path path) throws IOException;
}

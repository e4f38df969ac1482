package dev.arca.repository.snapshot;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sets a restored entry's owner, mode and mtime through its path, never following a symlink.
 * Restores call it only on paths no pod can redirect: entries in the private {@link Staging}
 * directory, and the target itself. Thread-safe.
 */
final class EntryMetadata {
    private final RestoreOptions options;
    private final AtomicBoolean ownersDenied = new AtomicBoolean();

    EntryMetadata(RestoreOptions options) {
        this.options = options;
    }

    /** True when any metadata is to be set. */
    boolean any() {
        return options.permissions() || options.owners() || options.times();
    }

    /**
     * Owner first (chown clears setuid bits), then mode, then mtime; a symlink gets no mode.
     * Owners are skipped for good once the process may not chown (not root).
     */
    void apply(Path path, TreeEntry entry) throws IOException {
        if (options.owners() && !ownersDenied.get()) {
            try {
                Files.setAttribute(path, "unix:uid", entry.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", entry.gid(), LinkOption.NOFOLLOW_LINKS);
            } catch (FileSystemException e) {
                ownersDenied.set(true);
            }
        }
        if (options.permissions() && entry.type() != EntryType.SYMLINK) {
            Files.setAttribute(path, "unix:mode", entry.mode(), LinkOption.NOFOLLOW_LINKS);
        }
        if (options.times()) {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(entry.mtimeNanos(), TimeUnit.NANOSECONDS), null, null);
        }
    }

    /** The rwx bits of a mode as the JDK's permission set. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, from bit 8 down
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}

package dev.arca.repository.snapshot;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sets a restored entry's owner, mode and times through its path, never following a symlink
 * except to a regular file this restore just made in a private staging directory (where no
 * symlink can appear): following saves the JDK a stat of the path. Restores call it only on
 * paths no pod can redirect: entries in the {@link Staging} directory, and the target itself.
 *
 * <p>An entry this restore made itself ({@link #applyToNew}) starts as {@link Staging#newEntries()}
 * says a new entry does, and a file is created with its mode's rwx bits ({@link #creationMode}):
 * so a call is skipped where it would change nothing (the owner a new file gets anyway, rwx bits
 * the umask let through). An entry that was there before (a directory, the target) gets every
 * call. Thread-safe.
 */
final class EntryMetadata {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final LinkOption[] FOLLOW = {};
    private static final int SPECIAL_BITS = 07000;

    private final RestoreOptions options;
    private final Staging.NewEntries fresh;
    private final boolean privateStaging;
    private final AtomicBoolean ownersDenied = new AtomicBoolean();

    /**
     * @param fresh          what an entry made in the staging directory gets without being asked
     * @param privateStaging whether no pod can reach the staging directory ({@link Staging#isPrivate()})
     */
    EntryMetadata(RestoreOptions options, Staging.NewEntries fresh, boolean privateStaging) {
        this.options = options;
        this.fresh = fresh;
        this.privateStaging = privateStaging;
    }

    /** True when any metadata is to be set. */
    boolean any() {
        return options.permissions() || options.owners() || options.times();
    }

    /** The attributes to create a file of {@code entry} with: its rwx bits when modes are restored, else none. */
    FileAttribute<?>[] creationMode(TreeEntry entry) {
        if (!options.permissions()) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions(entry.mode()))};
    }

    /**
     * Owner first (chown clears setuid bits), then mode, then times; a symlink gets no mode.
     * Owners are skipped for good once the process may not chown (not root). For an entry that
     * was already there: every call is made.
     */
    void apply(Path path, TreeEntry entry) throws IOException {
        owner(path, entry, true, true);
        if (options.permissions() && entry.type() != EntryType.SYMLINK) {
            Files.setAttribute(path, "unix:mode", entry.mode(), LinkOption.NOFOLLOW_LINKS);
        }
        times(path, NOFOLLOW, entry);
    }

    /**
     * As {@link #apply}, for an entry this restore just made in the staging directory (a file
     * created with {@link #creationMode}, or a symlink): only what differs from how it was made is set.
     */
    void applyToNew(Path path, TreeEntry entry) throws IOException {
        owner(path, entry, entry.uid() != fresh.uid(), entry.gid() != fresh.gid());
        if (options.permissions() && entry.type() != EntryType.SYMLINK && !madeWithMode(entry.mode())) {
            Files.setAttribute(path, "unix:mode", entry.mode(), LinkOption.NOFOLLOW_LINKS);
        }
        boolean regular = entry.type() == EntryType.FILE;
        times(path, regular && privateStaging ? FOLLOW : NOFOLLOW, entry);
    }

    /** Whether a file created with {@code mode}'s rwx bits already has {@code mode}: no special bit, none masked off. */
    boolean madeWithMode(int mode) {
        return (mode & SPECIAL_BITS) == 0 && (mode & fresh.masked()) == 0;
    }

    /**
     * The JDK offers no call that sets uid and gid together (each of "unix:uid", "unix:gid",
     * {@code setOwner} and {@code setGroup} is one {@code lchown} with -1 for the other), so each
     * that differs is one call.
     */
    private void owner(Path path, TreeEntry entry, boolean uid, boolean gid) throws IOException {
        if (!options.owners() || ownersDenied.get() || !uid && !gid) {
            return;
        }
        try {
            if (uid) {
                Files.setAttribute(path, "unix:uid", entry.uid(), LinkOption.NOFOLLOW_LINKS);
            }
            if (gid) {
                Files.setAttribute(path, "unix:gid", entry.gid(), LinkOption.NOFOLLOW_LINKS);
            }
        } catch (FileSystemException e) {
            ownersDenied.set(true);
        }
    }

    /**
     * Sets mtime as recorded and atime to the time the restore began (the snapshot holds no
     * atime): giving both spares the JDK a stat to read the one not given, and an atime not
     * before the mtime keeps {@code relatime} from writing every file's inode again on its first read.
     */
    private void times(Path path, LinkOption[] how, TreeEntry entry) throws IOException {
        if (options.times()) {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, how)
                    .setTimes(FileTime.from(entry.mtimeNanos(), TimeUnit.NANOSECONDS), fresh.madeAt(), null);
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

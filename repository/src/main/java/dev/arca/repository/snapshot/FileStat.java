package dev.arca.repository.snapshot;

import dev.arca.repository.object.ObjectRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code lstat} of one path, as the snapshot records it.
 *
 * @param fileKey the JDK's identity of the inode (device and inode number), comparable with the
 *                {@link java.nio.file.attribute.BasicFileAttributes#fileKey()} a
 *                {@link java.nio.file.SecureDirectoryStream} reads relative to an open directory
 */
record FileStat(EntryType type, int mode, int uid, int gid, long mtimeNanos, long size, long inode, long device,
        int nlink, long ctimeNanos, Object fileKey) {

    private static final String ATTRIBUTES = "unix:mode,uid,gid,lastModifiedTime,size,ino,dev,nlink,ctime,fileKey";

    /** Reads the path's own attributes (a symlink is not followed unless {@code follow}). */
    static FileStat of(Path path, boolean follow) throws IOException {
        Map<String, Object> a = follow ? Files.readAttributes(path, ATTRIBUTES)
                : Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int stMode = (Integer) a.get("mode");
        return new FileStat(EntryType.ofMode(stMode), stMode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS), (Long) a.get("size"),
                (Long) a.get("ino"), (Long) a.get("dev"), (Integer) a.get("nlink"), ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS),
                a.get("fileKey"));
    }

    /** Seconds and nanoseconds since the epoch in nanoseconds, saturated beyond about 292 years as {@link FileTime#to} is. */
    static long epochNanos(long seconds, long nanos) {
        try {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
        } catch (ArithmeticException e) {
            return seconds < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** An entry with this metadata; content fields as given. */
    TreeEntry entry(String name, long entrySize, ObjectRef object, String linkTarget, String hardLinkTo) {
        return new TreeEntry(name, type, mode, uid, gid, mtimeNanos, entrySize, inode, device, nlink, object, linkTarget,
                hardLinkTo, ctimeNanos);
    }

    /**
     * True when the parent snapshot's entry can stand for this file without reading it: same size,
     * modification time, inode and change time, and a change time in the parent's entry older than
     * {@code settledBeforeNanos}. The change time cannot be set back by tools that preserve mtimes (tar,
     * rsync -t), so a file replaced under a reused inode is read again. The kernel stamps times from a
     * clock that moves in ticks (milliseconds, or whole seconds on some file systems), so a file written
     * again in the same tick as the parent read it keeps both times; only a file whose last change was
     * well before the parent began cannot have been: any later change stamps a later time.
     *
     * @param settledBeforeNanos the parent snapshot's start less a second, in nanoseconds since the epoch
     */
    boolean unchangedSince(TreeEntry previous, long settledBeforeNanos) {
        return previous != null && previous.type() == EntryType.FILE && previous.object() != null
                && previous.size() == size && previous.mtimeNanos() == mtimeNanos && previous.inode() == inode
                && previous.ctimeNanos() == ctimeNanos && previous.ctimeNanos() < settledBeforeNanos;
    }
}

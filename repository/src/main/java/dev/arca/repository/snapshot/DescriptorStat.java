package dev.arca.repository.snapshot;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * An entry's full metadata from one {@code fstatat} relative to its open directory, where the public
 * API needs two system calls: {@link FileStat#of} reads uid, gid, the full mode, nlink and ctime only
 * through a path, and a second stat through the descriptor then checks that the path led to the entry
 * the directory holds. The JDK's own attributes object from a {@link SecureDirectoryStream} holds every
 * field of the {@code stat}, but only reflection reaches them; that takes
 * {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED} (in {@code bin/arca.jvm-options}, so the CLI and
 * the server have it). Without it, or on a JDK whose fields differ, {@link #AVAILABLE} is false and the
 * walk stats twice as before. Read from the directory's descriptor, the metadata is by construction
 * that of the entry the directory holds, so no second stat is needed to rule out a swap.
 */
final class DescriptorStat {
    static final boolean AVAILABLE;
    private static final Class<?> ATTRIBUTES;
    private static final VarHandle MODE;
    private static final VarHandle INO;
    private static final VarHandle DEV;
    private static final VarHandle NLINK;
    private static final VarHandle UID;
    private static final VarHandle GID;
    private static final VarHandle SIZE;
    private static final VarHandle MTIME_SEC;
    private static final VarHandle MTIME_NSEC;
    private static final VarHandle CTIME_SEC;
    private static final VarHandle CTIME_NSEC;

    static {
        Class<?> c = null;
        VarHandle[] h = new VarHandle[11];
        try {
            c = Class.forName("sun.nio.fs.UnixFileAttributes");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
            String[] ints = {"st_mode", "st_nlink", "st_uid", "st_gid"};
            String[] longs = {"st_ino", "st_dev", "st_size", "st_mtime_sec", "st_mtime_nsec", "st_ctime_sec", "st_ctime_nsec"};
            for (int i = 0; i < ints.length; i++) {
                h[i] = l.findVarHandle(c, ints[i], int.class);
            }
            for (int i = 0; i < longs.length; i++) {
                h[ints.length + i] = l.findVarHandle(c, longs[i], long.class);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            c = null; // a JDK without these fields, or the package not opened to Arca: the walk stats twice
        }
        AVAILABLE = c != null;
        ATTRIBUTES = c;
        MODE = h[0];
        NLINK = h[1];
        UID = h[2];
        GID = h[3];
        INO = h[4];
        DEV = h[5];
        SIZE = h[6];
        MTIME_SEC = h[7];
        MTIME_NSEC = h[8];
        CTIME_SEC = h[9];
        CTIME_NSEC = h[10];
    }

    private DescriptorStat() {
    }

    /**
     * {@code fstatat(dir, name, AT_SYMLINK_NOFOLLOW)} as a {@link FileStat}, or null when {@link #AVAILABLE} is
     * false or the JDK gave another kind of attributes object.
     */
    static FileStat of(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        if (!AVAILABLE) {
            return null;
        }
        PosixFileAttributes a = dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
        if (!ATTRIBUTES.isInstance(a)) {
            return null;
        }
        int stMode = (int) MODE.get(a);
        return new FileStat(EntryType.ofMode(stMode), stMode & 07777, (int) UID.get(a), (int) GID.get(a),
                FileStat.epochNanos((long) MTIME_SEC.get(a), (long) MTIME_NSEC.get(a)), (long) SIZE.get(a), (long) INO.get(a),
                (long) DEV.get(a), (int) NLINK.get(a), FileStat.epochNanos((long) CTIME_SEC.get(a), (long) CTIME_NSEC.get(a)), a.fileKey());
    }
}

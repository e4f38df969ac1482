package dev.arca.bench.volumes;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A new ext4 file system for every restore: a sparse image in the work directory, formatted with
 * lazy initialisation off (so nothing initialises inode tables or the journal in the background
 * during a restore) and loop-mounted before each restore, unmounted after its check. On one shared file system each
 * restore pays for the deletion of the restore before it (ext4 frees those blocks and inodes
 * lazily): the same restore took 29-39 s across rounds, and whichever tool came after the biggest
 * deletion lost. Needs root, {@code mkfs.ext4} and loop devices; without them restores share the
 * work directory's file system as before.
 */
final class FreshFs {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private final Path mkfs;
    private final Path image;
    private final Path mountPoint;
    private final Path logs;
    private boolean mounted;

    private FreshFs(Path mkfs, Path image, Path mountPoint, Path logs) {
        this.mkfs = mkfs;
        this.image = image;
        this.mountPoint = mountPoint;
        this.logs = logs;
    }

    /**
     * A fresh file system of twice the data's size (at least 4 GiB, sparse), or null with the reason on {@code err}
     * when this machine cannot make one.
     */
    static FreshFs ifPossible(Path work, long dataBytes, PrintStream err) {
        Path mkfs = Files.isExecutable(Path.of("/usr/sbin/mkfs.ext4")) ? Path.of("/usr/sbin/mkfs.ext4") : Path.of("/sbin/mkfs.ext4");
        String why = !"root".equals(System.getProperty("user.name")) ? "it needs root"
                : !Files.isExecutable(mkfs) ? "mkfs.ext4 is missing (apt-get install e2fsprogs)" : null;
        Path logs = work.resolve("restore-fs-logs");
        FreshFs fs = new FreshFs(mkfs, work.resolve("restore-fs.img"), work.resolve("restore-fs"), logs);
        if (why == null) {
            try {
                Files.createDirectories(logs);
                Files.createDirectories(fs.mountPoint);
                try (RandomAccessFile f = new RandomAccessFile(fs.image.toFile(), "rw")) {
                    f.setLength(Math.max(4L << 30, 2 * dataBytes));
                }
                fs.mount();
                fs.unmount();
            } catch (IOException | RuntimeException e) {
                fs.unmountQuietly(err);
                why = "a loop-mounted ext4 image could not be made (" + e + ")";
            }
        }
        if (why != null) {
            err.println("bench: restores share the work directory's file system: " + why);
            return null;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> fs.unmountQuietly(System.err), "restore-fs-unmount"));
        err.println("bench: each restore goes to a new ext4 file system (" + fs.image + ", loop-mounted at " + fs.mountPoint
                + "), so none pays for the deletions of the one before");
        return fs;
    }

    /** Formats the image and mounts it; returns the (empty) mount point. */
    Path mount() {
        unmount();
        run("mkfs", List.of(mkfs.toString(), "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0", image.toString()));
        run("mount", List.of("mount", "-o", "loop", image.toString(), mountPoint.toString()));
        mounted = true;
        return mountPoint;
    }

    /** Unmounts it, if mounted. */
    synchronized void unmount() {
        if (mounted) {
            run("umount", List.of("umount", mountPoint.toString()));
            mounted = false;
        }
    }

    /** As {@link #unmount}, never failing: a busy mount is detached lazily ({@code umount -l}), a failure printed. */
    synchronized void unmountQuietly(PrintStream err) {
        try {
            unmount();
        } catch (RuntimeException e) {
            try {
                run("umount-lazy", List.of("umount", "-l", mountPoint.toString()));
                mounted = false;
            } catch (RuntimeException again) {
                err.println("bench: " + mountPoint + " is still mounted (" + again + "); run 'umount -l " + mountPoint + "'");
            }
        }
    }

    /** The image a failed restore's tree is left in, and how to look at it. */
    String whereLeft() {
        return "the restore is in " + image + " (mount -o loop " + image + " DIR to look; the next run deletes it)";
    }

    /**
     * Detaches a restore file system a killed run left mounted under {@code work}, before the work directory is
     * emptied: deleting through a mount point would empty the mounted image, then fail on the mount point.
     */
    static void unmountLeftovers(Path work, PrintStream err) {
        Path mountPoint = work.resolve("restore-fs").toAbsolutePath().normalize();
        try {
            boolean mounted = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .map(line -> line.split(" "))
                    .anyMatch(f -> f.length > 1 && f[1].equals(mountPoint.toString()));
            if (mounted) {
                err.println("bench: " + mountPoint + " is still mounted from an earlier run; detaching it");
                Process p = new ProcessBuilder("umount", "-l", mountPoint.toString()).inheritIO().start();
                p.waitFor();
            }
        } catch (IOException e) {
            err.println("bench: cannot tell whether " + mountPoint + " is mounted (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(String label, List<String> command) {
        Proc.Run run = Proc.run("restore-fs-" + label, command, Map.of(), logs, TIMEOUT);
        if (!run.ok()) {
            throw new UncheckedIOException(new IOException(String.join(" ", command) + " failed (exit " + run.exitCode()
                    + "; see " + run.stderr() + ")"));
        }
    }
}

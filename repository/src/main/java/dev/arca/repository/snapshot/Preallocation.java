package dev.arca.repository.snapshot;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fallocate(2)} for a file being restored: its blocks are allocated before it is written
 * ({@link AheadAllocation}), as restic's restore does. Without it, ext4 (delayed allocation)
 * counts every written block as dirty and unallocated until writeback, and once they reach half
 * its free blocks each writer
 * waits in {@code write} for a writeback of the whole file system ({@code ext4_nonda_switch}):
 * restoring 2 GiB of 512 MiB files into a 2.6 GiB ext4 took 3.8-4.1 s, and 2.6-2.7 s with their
 * blocks allocated ahead (docs/volume-performance.md, session 20). A volume restored into a claim
 * sized for its data is that case.
 *
 * <p>The JDK has no {@code fallocate}; it is called through JNA on the channel's descriptor, which
 * only reflection reaches ({@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}, in
 * {@code bin/arca.jvm-options}). Loading JNA takes 0.12-0.15 s in a fresh JVM and 1-2 MiB, so
 * the first file that would be allocated ahead starts it on a thread of its own ({@link #prepare}),
 * a restore without such files never loads it, and the files written before it is ready are written
 * without it. Only on 64-bit Linux (elsewhere the C calls' offsets are not Java's {@code long}).
 * Without JNA or the option, or on a file system that cannot (some FUSE ones, NFS before 4.2),
 * {@link #allocate} says so and the file is written as before. Each call is on a descriptor only
 * the calling thread writes through and closes (one file, one writer).
 */
final class Preallocation {
    private static final Logger LOG = LoggerFactory.getLogger(Preallocation.class);
    private static final int EOPNOTSUPP = 95;
    private static final int ENOSYS = 38;
    /** {@code FALLOC_FL_KEEP_SIZE}: allocate without changing the length. */
    private static final int KEEP_SIZE = 0x01;
    /** {@code FALLOC_FL_PUNCH_HOLE}: give the blocks of a range back (always with KEEP_SIZE). */
    private static final int PUNCH_HOLE = 0x02;
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Set once fallocate is bound; null before, and for good if it cannot be. */
    private static volatile Descriptors bound;

    /** How a {@code FileChannelImpl}'s descriptor number is read. */
    private record Descriptors(VarHandle channelFd, MethodHandle fdVal) {
    }

    /** What {@link #allocate} did. */
    enum Outcome {
        ALLOCATED,
        /** Nothing: not bound (yet), not a file's channel, or a file system without {@code fallocate}. */
        NOTHING,
        /** It failed (no space, say), and may have allocated some of the range. */
        FAILED
    }

    private Preallocation() {
    }

    /** Starts binding fallocate on a daemon thread, once per JVM; returns at once. */
    static void prepare() {
        if (STARTED.compareAndSet(false, true)) {
            Thread binder = new Thread(Preallocation::bind, "arca-fallocate-bind");
            binder.setDaemon(true);
            binder.start();
        }
    }

    /** Binds fallocate now if it is not yet (tests; a restore uses {@link #prepare}); whether it is bound. */
    static synchronized boolean bind() {
        if (bound == null) {
            STARTED.set(true);
            try {
                if (!Platform.isLinux() || !Platform.is64Bit()) {
                    throw new UnsupportedOperationException("fallocate is bound on 64-bit Linux only, not " + Platform.RESOURCE_PREFIX);
                }
                Class<?> impl = Class.forName("sun.nio.ch.FileChannelImpl");
                VarHandle fd = MethodHandles.privateLookupIn(impl, MethodHandles.lookup()).findVarHandle(impl, "fd", FileDescriptor.class);
                Class<?> io = Class.forName("sun.nio.ch.IOUtil");
                MethodHandle fdVal = MethodHandles.privateLookupIn(io, MethodHandles.lookup())
                        .findStatic(io, "fdVal", MethodType.methodType(int.class, FileDescriptor.class));
                Native.register(Libc.class, NativeLibrary.getInstance("c"));
                bound = new Descriptors(fd, fdVal);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // the package not opened to Arca, a JDK without these members, or no JNA for this platform: stays null
                LOG.debug("restores write files without allocating their blocks ahead: {}", e.toString());
            }
        }
        return bound != null;
    }

    /** Allocates the blocks of {@code [offset, offset + length)}, the file's length unchanged. Best effort. */
    static Outcome allocate(FileChannel channel, long offset, long length) {
        int errno = fallocate(channel, KEEP_SIZE, offset, length);
        return errno == 0 ? Outcome.ALLOCATED
                : errno < 0 || errno == EOPNOTSUPP || errno == ENOSYS ? Outcome.NOTHING : Outcome.FAILED;
    }

    /**
     * Gives the blocks of {@code [offset, offset + length)} back, the file's length unchanged; false when it could
     * not. ext4 punches nothing at or past the file's length: {@link #trim} gives those back.
     */
    static boolean punch(FileChannel channel, long offset, long length) {
        return fallocate(channel, PUNCH_HOLE | KEEP_SIZE, offset, length) == 0;
    }

    /** 0 when done, the call's errno when it failed, -1 when not made (nothing to do, or no descriptor). */
    private static int fallocate(FileChannel channel, int mode, long offset, long length) {
        int fd = length > 0 ? fd(channel) : -1;
        if (fd < 0) {
            return -1;
        }
        try {
            Libc.fallocate(fd, mode, offset, length);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
    }

    /**
     * Sets the file's length to {@code length}, its length already: the file system then gives back the blocks
     * allocated past it ({@link FileChannel#truncate} makes no call when the length would not change).
     */
    static boolean trim(FileChannel channel, long length) {
        int fd = fd(channel);
        try {
            return fd >= 0 && Libc.ftruncate(fd, length) == 0;
        } catch (LastErrorException e) {
            return false;
        }
    }

    /** The open channel's descriptor, or -1 when fallocate is not bound (yet) or the channel is not a file's. */
    private static int fd(FileChannel channel) {
        Descriptors d = bound;
        if (d == null || !channel.getClass().getName().equals("sun.nio.ch.FileChannelImpl") || !channel.isOpen()) {
            return -1;
        }
        try {
            return (int) d.fdVal().invokeExact((FileDescriptor) d.channelFd().get(channel));
        } catch (RuntimeException e) {
            return -1;
        } catch (Error e) {
            throw e;
        } catch (Throwable e) { // invokeExact declares it; fdVal throws nothing checked
            return -1;
        }
    }

    /** libc, bound by JNA's direct mapping (no proxy, no per-call reflection). */
    private static final class Libc {
        static native int fallocate(int fd, int mode, long offset, long length) throws LastErrorException;

        static native int ftruncate(int fd, long length) throws LastErrorException;
    }
}

package dev.arca.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional reads and writes of a heap buffer in slices of at most {@value #SLICE} bytes. A file
 * channel moves a heap buffer through a temporary direct buffer as large as what is left of it,
 * and keeps that buffer for the thread: reading or writing a 4 MiB chunk at once left every
 * restore thread holding up to 4 MiB of native memory (several MiB of a restore's peak RSS). A
 * slice costs a system call per {@value #SLICE} bytes.
 */
public final class ChannelSlices {
    /** The most one system call moves. */
    public static final int SLICE = 256 * 1024;

    private ChannelSlices() {
    }

    /**
     * Reads until {@code buf} is full, from {@code position} on (advanced as it fills).
     * @return false when the file ended first ({@code buf} then holds what there was)
     */
    public static boolean readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        int limit = buf.limit();
        try {
            for (long at = position; buf.hasRemaining(); ) {
                buf.limit(Math.min(limit, buf.position() + SLICE));
                int n = channel.read(buf, at);
                if (n < 0) {
                    return false;
                }
                at += n;
                buf.limit(limit);
            }
            return true;
        } finally {
            buf.limit(limit);
        }
    }

    /** Writes all of {@code buf} at {@code position}; returns the position after it. */
    public static long writeFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        int limit = buf.limit();
        long at = position;
        try {
            while (buf.hasRemaining()) {
                buf.limit(Math.min(limit, buf.position() + SLICE));
                at += channel.write(buf, at);
                buf.limit(limit);
            }
            return at;
        } finally {
            buf.limit(limit);
        }
    }
}

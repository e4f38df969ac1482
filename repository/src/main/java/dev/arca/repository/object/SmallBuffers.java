package dev.arca.repository.object;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read buffers for short streams (small files), by size class: powers of two from 4 KiB to
 * {@link #LARGEST}, kept after use for the next streams, at most {@link #IDLE_BYTES} of them idle.
 * A new array per small file was most of a backup's allocation (a gigabyte of small files, a
 * gigabyte of arrays), and the files in flight at each young collection outgrew the survivor spaces
 * and were copied into the old generation to die there: about 90 MiB promoted over the mixed
 * benchmark's initial backup, which grew the old generation with garbage (to 85-97 MiB for a live
 * set of 59-66). Thread-safe.
 */
final class SmallBuffers {
    static final int SMALLEST = 4096;
    static final int LARGEST = 1 << 20;
    /** Idle buffers beyond this many bytes are dropped rather than kept. */
    static final long IDLE_BYTES = 8L << 20;

    private final Queue<byte[]>[] classes;
    private final AtomicLong idle = new AtomicLong();

    @SuppressWarnings("unchecked")
    SmallBuffers() {
        classes = new Queue[classOf(LARGEST) + 1];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = new ConcurrentLinkedQueue<>();
        }
    }

    /** A buffer of at least {@code length} bytes (1..{@link #LARGEST}), as long as its size class. */
    byte[] take(int length) {
        if (length < 1 || length > LARGEST) {
            throw new IllegalArgumentException("a small buffer holds 1.." + LARGEST + " bytes, not " + length);
        }
        int c = classOf(length);
        byte[] buf = classes[c].poll();
        if (buf == null) {
            return new byte[SMALLEST << c];
        }
        idle.addAndGet(-buf.length);
        return buf;
    }

    /** Keeps {@code buf} (one {@link #take} gave) for a later stream, unless enough are idle already. */
    void give(byte[] buf) {
        if (idle.addAndGet(buf.length) > IDLE_BYTES) {
            idle.addAndGet(-buf.length);
            return;
        }
        classes[classOf(buf.length)].offer(buf);
    }

    /** Bytes idle in the pool; for tests. */
    long idleBytes() {
        return idle.get();
    }

    private static int classOf(int length) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(length, SMALLEST) - 1); // ceil(log2)
        return bits - Integer.numberOfTrailingZeros(SMALLEST);
    }
}

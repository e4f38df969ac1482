package dev.arca.repository.content;

/**
 * A chunk's plaintext in a reusable array: {@code array()[0..length())}. A restore reads gigabytes
 * chunk by chunk; a new array per chunk made as much garbage as data restored, and the young
 * collections copied the chunks waiting to be written. Not thread-safe: one owner at a time.
 */
public final class ChunkBuffer {
    private static final int STEP = 64 * 1024;
    /** {@link #pooledCapacity}'s step past 1 MiB. */
    private static final int LARGE_STEP = 512 * 1024;
    private byte[] array = new byte[0];
    private int length;
    /** The array came from a store ({@link #adopt}): never written into, since the store may keep it. */
    private boolean adopted;

    /** A buffer whose array is exactly {@code n} bytes (for a caller that keeps the array). */
    static ChunkBuffer exactly(int n) {
        ChunkBuffer b = new ChunkBuffer();
        b.array = new byte[n];
        return b;
    }

    /** The array; its first {@link #length()} bytes are the chunk. */
    public byte[] array() {
        return array;
    }

    public int length() {
        return length;
    }

    /** Room for {@code n} bytes, the length set to {@code n}; what the array held is not kept when it grows. */
    byte[] reset(int n) {
        if (array.length < n || adopted) {
            array = new byte[pooledCapacity(n)];
            adopted = false;
        }
        length = n;
        return array;
    }

    /**
     * The size of an array reused for chunks of many sizes (this buffer's, a compressed body's, a chunk's copy)
     * that must hold {@code n} bytes: rounded up to 64 KiB up to 1 MiB and to 512 KiB beyond, so that it reaches
     * a 2.6 MiB chunk in a few steps rather than twenty; never doubled (a 4 MiB chunk would hold 8). Each step is
     * a new array that outlives young collections: in 64 KiB steps they took the mixed benchmark's backup heap to
     * 96-105 MiB for a live set of about 52, and its restore's peak RSS was 6 MiB higher.
     */
    public static int pooledCapacity(int n) {
        long step = n <= (1 << 20) ? STEP : LARGE_STEP;
        return (int) Math.min(Integer.MAX_VALUE - 8, ((long) n + step - 1) / step * step);
    }

    /** Whether {@code a} is this buffer's own array, one it may write into (not {@link #adopt adopted}). */
    boolean ownsArray(byte[] a) {
        return a == array && !adopted;
    }

    /** Takes {@code chunk} as it is, for stores that return an array per chunk (maybe one they keep). */
    void adopt(byte[] chunk) {
        array = chunk;
        length = chunk.length;
        adopted = true;
    }
}

package dev.arca.repository.object;

import java.util.Objects;

/**
 * FastCDC content-defined chunking: finds where the next chunk ends, so that equal data cuts at
 * equal places wherever it sits in a stream, and an insert or delete moves only the cuts near it.
 *
 * <p>A gear rolling hash ({@code h = (h << 1) + GEAR[byte]}) is tested against a mask of its top
 * bits; the gear table is fixed (derived from a constant seed) and is part of the repository
 * format: changing it changes every cut and so defeats deduplication against older snapshots.
 * Normalised chunking (level 2): before {@code avg} bytes the mask has two bits more than
 * {@code log2(avg)} (cuts are rare), after it two bits fewer (cuts are likely), which narrows the
 * spread of chunk sizes. The first {@code min} bytes are skipped without hashing.
 *
 * <p>Stateless and thread-safe; {@link #cut} allocates nothing.
 */
public final class FastCdc {
    /** The gear table's seed; part of the repository format, never change it. */
    private static final long GEAR_SEED = 0x6172636143444331L; // "arcaCDC1"
    private static final long[] GEAR = gearTable(GEAR_SEED);
    /** Normalisation level: how many mask bits are added before avg and taken away after it. */
    private static final int NORMALISATION = 2;

    private final ChunkerParams params;
    private final int min;
    private final int avg;
    private final int max;
    private final long maskStrict;
    private final long maskLoose;

    public FastCdc(ChunkerParams params) {
        this.params = Objects.requireNonNull(params, "params");
        this.min = params.min();
        this.avg = params.avg();
        this.max = params.max();
        int bits = Integer.numberOfTrailingZeros(avg);
        this.maskStrict = topBits(bits + NORMALISATION);
        this.maskLoose = topBits(bits - NORMALISATION);
    }

    public ChunkerParams params() {
        return params;
    }

    /**
     * The length of the chunk that starts at {@code buf[off]}, looking at no more than
     * {@code len} bytes: at most {@code max}, at least {@code min} unless {@code len} is smaller,
     * and {@code min(len, max)} when no cut point is found.
     *
     * <p>An answer shorter than {@code len} is a content-defined cut, final: with more bytes the
     * same first match is found (the hash at a position depends only on the bytes before it, and
     * the mask only on the position). An answer of {@code len} is final only when
     * {@code len >= max} or no bytes follow in the stream; otherwise a streaming caller reads on
     * and asks again, and then the cuts do not depend on how the stream was read.
     */
    public int cut(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len <= min) {
            return len;
        }
        int end = off + Math.min(len, max);
        int normal = off + Math.min(Math.min(len, max), avg);
        long strict = maskStrict;
        long loose = maskLoose;
        long h = 0;
        int i = off + min;
        for (; i < normal; i++) {
            h = (h << 1) + GEAR[buf[i] & 0xff];
            if ((h & strict) == 0) {
                return i + 1 - off;
            }
        }
        for (; i < end; i++) {
            h = (h << 1) + GEAR[buf[i] & 0xff];
            if ((h & loose) == 0) {
                return i + 1 - off;
            }
        }
        return end - off;
    }

    /**
     * A mask of the hash's {@code n} top bits, {@code n} kept within 1..63. The top bits are the
     * ones that depend on the most bytes (bit k on the last k + 1), so the window is widest.
     */
    private static long topBits(int n) {
        int k = Math.max(1, Math.min(63, n));
        return -1L << (64 - k);
    }

    /** 256 pseudo-random longs from SplitMix64: fixed for a seed, well spread, no library needed. */
    private static long[] gearTable(long seed) {
        long[] table = new long[256];
        long state = seed;
        for (int i = 0; i < table.length; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            table[i] = z ^ (z >>> 31);
        }
        return table;
    }
}

package dev.arca.repository.object;

/** Bounds of content-defined chunking: no chunk shorter than {@code min} (but the last), none longer than {@code max}. */
public record ChunkerParams(int min, int avg, int max) {
    /** About 1 MiB on average, between 256 KiB and 4 MiB. */
    public static final ChunkerParams DEFAULT = new ChunkerParams(256 * 1024, 1024 * 1024, 4 * 1024 * 1024);

    public ChunkerParams {
        if (min <= 0 || avg < min || max < avg || Integer.bitCount(avg) != 1) {
            throw new IllegalArgumentException("chunk bounds must be 0 < min <= avg <= max with avg a power of two, not "
                    + min + "/" + avg + "/" + max);
        }
    }
}

package dev.arca.engine.backup;

/**
 * How many items each LIST request of one type asks for. The first asks for the configured page
 * size; each later one for about {@link #TARGET_BYTES} of items, judged by the average item of
 * the page before, between the configured size and {@link #MAX_ITEMS}.
 *
 * <p>Why: Arca streams each page ({@link RawList}), so its own memory does not grow with the page,
 * while every request costs the API server and etcd a fixed amount (on the benchmark's 100k small
 * objects, 500 items a page took 9.0 s and 5,000 took 7.1 s). The API server holds a whole page
 * in memory, so the bound is in bytes: a type of large objects stays at the configured size.
 * Not thread-safe: one per type being listed.
 */
final class PageSizer {
    /** About this many bytes of items per page once the item size is known. */
    static final long TARGET_BYTES = 8L << 20;
    /** Never more items per page than this. */
    static final int MAX_ITEMS = 10_000;

    private final int configured;
    private int next;

    PageSizer(int configured) {
        if (configured < 1) {
            throw new IllegalArgumentException("page size must be positive, got " + configured);
        }
        this.configured = configured;
        this.next = configured;
    }

    /** The limit of the next request. */
    int limit() {
        return next;
    }

    /** Records a page of {@code items} items taking {@code bytes} bytes; an empty page changes nothing. */
    void observed(long items, long bytes) {
        if (items <= 0 || bytes <= 0) {
            return;
        }
        double average = (double) bytes / items;
        long fits = (long) (TARGET_BYTES / average);
        next = (int) Math.max(configured, Math.min(Math.max(MAX_ITEMS, configured), fits));
    }
}

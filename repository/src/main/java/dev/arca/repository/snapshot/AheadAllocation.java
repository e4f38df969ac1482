package dev.arca.repository.snapshot;

import java.nio.channels.FileChannel;

/**
 * One restored file's blocks, allocated a step ahead of its writes ({@link Preallocation}) when it is
 * {@link #MIN_FILE} or larger, and given back where its zero blocks were left as holes. Never more
 * than {@link #STEP} bytes past what was written: a sparse disk image far larger than the volume's
 * free space, or a listing that claims a terabyte, holds at most a step of the file system's space
 * (with the zero blocks of its current step, given back as their runs end) while the files beside
 * it are restored; restic, which allocates whole files, does so only when it does not restore
 * sparse. A dense file is allocated exactly what it holds; on a volume filled to within a few
 * steps, a sparse one's zero blocks held until their run ends could make a write beside it fail.
 * The file is written in order, by one thread, which also closes it.
 */
final class AheadAllocation {
    /** How far ahead of the writes blocks are allocated. */
    static final long STEP = 8L << 20;
    /**
     * Smaller files are written as before: a {@code fallocate} costs a small file about what its write
     * does (200,000 files of 5 GiB, mostly under 16 KiB, all allocated: restore 17.5-22.1 s against
     * 16.1-18.9 s, 2-4 s more system time), while 2 GiB of 512 MiB files into a 2.6 GiB ext4 took
     * 2.6-2.7 s allocated ahead against 3.8-4.1 s waiting for writeback.
     */
    static final long MIN_FILE = 1L << 20;

    private final FileChannel channel;
    private final long expectedLength;
    private boolean enabled;
    /** Blocks below this were asked for. */
    private long allocatedTo;
    /** The end of the data written so far: the file's length, which ext4 punches nothing at or past. */
    private long dataEnd;
    /** Where the run of zero blocks skipped since the last data began, or -1. */
    private long holeStart = -1;

    /** @param expectedLength the file's length as its listing says (nothing is allocated below {@link #MIN_FILE}) */
    AheadAllocation(FileChannel channel, long expectedLength) {
        this.channel = channel;
        this.expectedLength = expectedLength;
        this.enabled = expectedLength >= MIN_FILE;
        if (enabled) {
            Preallocation.prepare(); // once per JVM: a restore of small files only never loads JNA
        }
    }

    /** Before data is written at {@code [start, end)}: its blocks, and up to a step more, are allocated if not yet. */
    void beforeData(long start, long end) {
        if (!enabled || end <= allocatedTo) {
            return;
        }
        long from = Math.max(allocatedTo, start);
        long to = Math.max(end, Math.min(from + STEP, expectedLength));
        switch (Preallocation.allocate(channel, from, to - from)) {
            case ALLOCATED -> allocatedTo = to;
            case NOTHING -> enabled = false; // not bound (yet), or the file system cannot: written as without it
            case FAILED -> { // no space for the step, say: what it may have allocated goes back
                enabled = false;
                Preallocation.trim(channel, dataEnd);
            }
        }
    }

    /** After data was written at {@code [start, end)}: the blocks of the zero blocks skipped before it go back. */
    void afterData(long start, long end) {
        dataEnd = end;
        if (holeStart >= 0) {
            if (holeStart < allocatedTo) {
                Preallocation.punch(channel, holeStart, start - holeStart);
            }
            holeStart = -1;
        }
    }

    /** A zero block at {@code at} was skipped: a hole. */
    void skipped(long at) {
        if (holeStart < 0) {
            holeStart = at;
        }
    }

    /** The file is {@code length} bytes long now: a trailing run of zero blocks, and blocks allocated past the end, go back. */
    void finish(long length) {
        afterData(length, length);
        if (allocatedTo > length) {
            Preallocation.trim(channel, length);
        }
    }
}

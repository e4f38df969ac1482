package dev.arca.repository.snapshot;

import dev.arca.storage.fs.ChannelSlices;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Writes a restored file, leaving every all-zero block of {@value #BLOCK} bytes (aligned in the
 * file) as a hole: a sparse file (a disk image, a database's preallocated space) comes back sparse,
 * and reads the same either way. The snapshot cannot tell where the original's holes were (Java
 * does not expose allocated blocks), so zero blocks stand for them, as restic's {@code --sparse}
 * does.
 *
 * <p>Told a length of 1 MiB or more, it allocates the file's blocks ahead of its writes once
 * {@code fallocate} is bound ({@link AheadAllocation}) and gives back those of each run of zero
 * blocks: the file comes out as sparse as without it.
 */
final class HoleWriter extends OutputStream {
    static final int BLOCK = 4096;
    private static final byte[] ZEROS = new byte[BLOCK];

    private final FileChannel channel;
    private final long expectedLength;
    /** A block a write began and the next must complete; made when first needed (a file of one write never needs it). */
    private byte[] pending;
    private int pendingLength;
    private long position;
    private boolean endsInHole;
    private final AheadAllocation allocation;

    /** @param channel a new, empty file's, written only through this writer and closed with it */
    HoleWriter(FileChannel channel) {
        this(channel, -1);
    }

    /**
     * @param expectedLength the file's length when known (-1 if not): the write that reaches it takes
     *        its last partial block with it, so a small file is one system call, not two
     */
    HoleWriter(FileChannel channel, long expectedLength) {
        this.channel = channel;
        this.expectedLength = expectedLength;
        this.allocation = new AheadAllocation(channel, expectedLength);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (pendingLength > 0) { // complete the block a previous write began
            int n = Math.min(len, BLOCK - pendingLength);
            System.arraycopy(b, off, pending, pendingLength, n);
            pendingLength += n;
            off += n;
            len -= n;
            if (pendingLength < BLOCK) {
                return;
            }
            pendingLength = 0;
            blocks(pending, 0, BLOCK);
        }
        // position is block-aligned here unless the file turned out longer than expected (still correct, holes unaligned)
        boolean last = position + len == expectedLength;
        int written = last ? len : len - len % BLOCK;
        blocks(b, off, written);
        if (written < len) {
            if (pending == null) {
                pending = new byte[BLOCK];
            }
            System.arraycopy(b, off + written, pending, 0, len - written);
            pendingLength = len - written;
        }
    }

    /** Whole blocks, then what is left of {@code len}: each run of data in one write, each zero block skipped. */
    private void blocks(byte[] b, int off, int len) throws IOException {
        int run = off;
        for (int i = off; i + BLOCK <= off + len; i += BLOCK) {
            if (Arrays.equals(b, i, i + BLOCK, ZEROS, 0, BLOCK)) {
                writeFully(ByteBuffer.wrap(b, run, i - run));
                allocation.skipped(position);
                position += BLOCK; // a hole: nothing written
                endsInHole = true;
                run = i + BLOCK;
            }
        }
        writeFully(ByteBuffer.wrap(b, run, off + len - run));
    }

    private void writeFully(ByteBuffer buf) throws IOException {
        if (!buf.hasRemaining()) {
            return;
        }
        endsInHole = false;
        long start = position;
        allocation.beforeData(start, start + buf.remaining());
        position = ChannelSlices.writeFully(channel, buf, position); // in slices: see ChannelSlices
        allocation.afterData(start, position);
    }

    /**
     * Writes the last partial block, and gives a file that ends in a hole its full length (known
     * from what was written, not from a stat of the file).
     */
    @Override
    public void close() throws IOException {
        try {
            if (pendingLength > 0) {
                writeFully(ByteBuffer.wrap(pending, 0, pendingLength));
            } else if (endsInHole) {
                channel.write(ByteBuffer.wrap(new byte[1]), position - 1); // the file's last byte, a zero
            }
            allocation.finish(position);
        } finally {
            channel.close();
        }
    }
}

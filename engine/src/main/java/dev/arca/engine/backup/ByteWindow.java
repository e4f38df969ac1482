package dev.arca.engine.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An input stream that keeps the bytes read through it from a moving start offset on, so that a
 * streaming JSON parser reading through it can have the raw bytes of the value it just passed:
 * {@link #release} moves the start forward, and memory stays at about one item plus the parser's
 * read-ahead.
 */
final class ByteWindow extends InputStream {
    private final InputStream in;
    private byte[] buffer = new byte[64 * 1024];
    /** Stream offset of {@code buffer[0]}. */
    private long base;
    private int length;

    ByteWindow(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            ensure(1);
            buffer[length++] = (byte) b;
        }
        return b;
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        int n = in.read(into, off, len);
        if (n > 0) {
            ensure(n);
            System.arraycopy(into, off, buffer, length, n);
            length += n;
        }
        return n;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    /** Forgets the bytes before stream offset {@code offset}. */
    void release(long offset) {
        int drop = (int) Math.min(length, Math.max(0, offset - base));
        if (drop > 0) {
            System.arraycopy(buffer, drop, buffer, 0, length - drop);
            length -= drop;
            base += drop;
        }
    }

    /** How many bytes are held. */
    int held() {
        return length;
    }

    /** The byte at stream offset {@code offset}, which must be held. */
    byte at(long offset) {
        return buffer[index(offset)];
    }

    /** Copies stream offsets {@code [from, to)}, which must be held, to {@code out}. */
    void copy(long from, long to, ByteArrayOutputStream out) {
        out.write(buffer, index(from), (int) (to - from));
    }

    /** The backing array and where stream offset {@code from} is in it, for a parser over a held range. */
    byte[] array() {
        return buffer;
    }

    int index(long offset) {
        long i = offset - base;
        if (i < 0 || i > length) {
            throw new IllegalStateException("offset " + offset + " is not held (window " + base + ".." + (base + length) + ")");
        }
        return (int) i;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package dev.arca.storage;

import dev.arca.api.ArcaException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A download that survives a cut: when reading fails with an I/O or transient error, it reopens
 * the object at the first byte not delivered yet through {@link RetryingObjectStore#resume} and
 * carries on, so its reader sees every byte once and never the cut. After
 * {@link RetryingObjectStore#maxAttempts()} failures in a row with no byte read in between it gives
 * up with an {@link IOException} that names the object and the offset.
 */
final class ResumingInputStream extends InputStream {
    private final RetryingObjectStore store;
    private final String key;
    private final byte[] one = new byte[1];
    private InputStream in;
    private long position;
    private int failures;
    private boolean closed;

    ResumingInputStream(RetryingObjectStore store, String key, long offset, InputStream first) {
        this.store = store;
        this.key = key;
        this.position = offset;
        this.in = first;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the stream of " + key + " is closed");
        }
        while (true) {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    position += n;
                    failures = 0;
                }
                return n;
            } catch (IOException | ArcaException.Transient e) {
                reopenAfter(e);
            }
        }
    }

    @Override
    public int available() throws IOException {
        try {
            return in.available();
        } catch (IOException e) {
            return 0; // the next read finds out, and resumes
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }

    private void reopenAfter(Exception cause) throws IOException {
        failures++;
        Ranges.closeQuietly(in);
        if (failures >= store.maxAttempts()) {
            throw new IOException("cannot read " + key + " from " + store.describe() + ": cut at byte " + position + " "
                    + failures + " times in a row (" + cause.getMessage() + "); try again later", cause);
        }
        try {
            in = store.resume(key, position, failures, cause);
        } catch (ArcaException.Transient e) {
            in = InputStream.nullInputStream();
            throw new IOException("cannot read " + key + " from " + store.describe() + " again from byte " + position + ": "
                    + e.getMessage(), e);
        }
    }
}

package dev.arca.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and length counted on bytes as they stream past. */
final class DigestStreams {
    private static final int BUFFER = 64 * 1024;

    private DigestStreams() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Copies at most {@code limit + 1} bytes of {@code in} to {@code sink} and returns the digest of
     * what was copied: a size above {@code limit} means the source is longer than expected, and
     * the copy stops there instead of reading an arbitrarily long object.
     */
    static FileDigest copy(InputStream in, OutputStream sink, long limit) throws IOException {
        MessageDigest md = sha256();
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        long max = limit + 1;
        int n;
        while (size < max && (n = in.read(buffer, 0, (int) Math.min(buffer.length, max - size))) >= 0) {
            md.update(buffer, 0, n);
            sink.write(buffer, 0, n);
            size += n;
        }
        return new FileDigest(hex(md.digest()), size);
    }

    /**
     * Passes bytes to its target while counting them. {@link #close()} flushes but does not close
     * the target, so a stream chain above it (zstd, tar) can be closed before the target object
     * is committed.
     */
    static final class Out extends FilterOutputStream {
        private final MessageDigest md = sha256();
        private long size;
        private FileDigest digest;

        Out(OutputStream target) {
            super(target);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (digest != null) {
                throw new IOException("stream already digested");
            }
            out.write(b, off, len);
            md.update(b, off, len);
            size += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        /** The digest of everything written; no more bytes may be written afterwards. */
        FileDigest digest() {
            if (digest == null) {
                digest = new FileDigest(hex(md.digest()), size);
            }
            return digest;
        }
    }
}

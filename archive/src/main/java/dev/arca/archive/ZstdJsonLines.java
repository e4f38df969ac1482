package dev.arca.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Logs as zstd-compressed JSON lines ({@code *.jsonl.zst}): one JSON document per line, UTF-8,
 * streamed straight into an object of the store. Used for backup logs (by {@link ArchiveWriter})
 * and restore logs ({@code restores/<name>/log.jsonl.zst}).
 */
public final class ZstdJsonLines {
    private static final int BUFFER = 64 * 1024;

    private ZstdJsonLines() {
    }

    /** Starts a log object under {@code key}; nothing is visible until {@link Writer#commit()}. */
    public static Writer create(ObjectStore store, String key) {
        return create(store, key, ArchiveOptions.DEFAULT_COMPRESSION_LEVEL);
    }

    /** As {@link #create(ObjectStore, String)} with a zstd level from 1 to 19. */
    public static Writer create(ObjectStore store, String key, int compressionLevel) {
        ObjectWriter object = store.writer(key);
        try {
            return new Writer(store.describe(), key, object, compressionLevel);
        } catch (IOException | RuntimeException e) {
            object.close();
            throw new ArcaException("cannot start " + key + " in " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Decompresses a {@code .zst} stream; the caller closes the result, which closes {@code compressed}. */
    public static InputStream decompress(InputStream compressed) throws IOException {
        return new ZstdInputStreamNoFinalizer(new BufferedInputStream(compressed, BUFFER));
    }

    /**
     * Hands each line of a stored log to {@code action}, streaming (the log is never held whole).
     *
     * @throws ArcaException.NotFound when the object does not exist
     * @throws ArcaException.Corrupt  when it is not valid zstd
     */
    public static void forEachLine(ObjectStore store, String key, Consumer<String> action) {
        try (InputStream in = store.get(key)) {
            forEachLine(in, key + " in " + store.describe(), action);
        } catch (IOException e) {
            throw new ArcaException.Transient("cannot read " + key + " from " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Hands each line of a compressed log to {@code action}; {@code source} names it in errors. */
    public static void forEachLine(InputStream compressed, String source, Consumer<String> action) {
        try (LogLines lines = new LogLines(decompress(compressed), source)) {
            String line;
            while ((line = lines.next()) != null) {
                action.accept(line);
            }
        } catch (ZstdIOException e) {
            throw new ArcaException.Corrupt(source + " is not a valid zstd stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ArcaException.Transient("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * A log being written. Thread-safe: lines from several threads never interleave. Closing
     * without {@link #commit()} aborts and leaves no object.
     */
    public static final class Writer implements AutoCloseable {
        private final String store;
        private final String key;
        private final ObjectWriter object;
        private final DigestStreams.Out digest;
        private final OutputStream out;
        private long lines;
        private boolean done;
        private Exception failure;

        private Writer(String store, String key, ObjectWriter object, int level) throws IOException {
            this.store = store;
            this.key = key;
            this.object = object;
            this.digest = new DigestStreams.Out(object);
            ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(digest, level);
            zstd.setChecksum(true);
            this.out = new BufferedOutputStream(zstd, BUFFER);
        }

        /**
         * Appends one JSON document. It must fit on one line.
         *
         * @throws ArcaException.InvalidInput when the line is blank or holds a line break
         * @throws IllegalStateException      after commit or close
         */
        public synchronized void write(String jsonLine) {
            if (jsonLine == null || jsonLine.isBlank() || jsonLine.indexOf('\n') >= 0 || jsonLine.indexOf('\r') >= 0) {
                throw new ArcaException.InvalidInput("a log line must be one non-blank JSON document without line breaks");
            }
            ensureOpen();
            try {
                out.write(jsonLine.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
                lines++;
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw failed("write to", e);
            }
        }

        /** Appends {@code event} serialised with {@link ArchiveJson#mapper()} (compact, one line). */
        public void writeValue(Object event) {
            try {
                write(ArchiveJson.mapper().writeValueAsString(event));
            } catch (JsonProcessingException e) {
                throw new ArcaException.InvalidInput("cannot serialise log event " + event.getClass().getSimpleName()
                        + ": " + e.getOriginalMessage(), e);
            }
        }

        /** Lines written so far. */
        public synchronized long lines() {
            return lines;
        }

        /**
         * Finishes the stream and makes the object visible.
         *
         * @return the digest of the stored (compressed) bytes
         */
        public synchronized FileDigest commit() {
            ensureOpen();
            if (failure != null) {
                throw new ArcaException("cannot commit " + key + " in " + store + ": an earlier write failed ("
                        + failure.getMessage() + ")", failure);
            }
            try {
                out.close();
                object.commit();
                done = true;
                object.close();
                return digest.digest();
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw failed("commit", e);
            }
        }

        /** Aborts unless committed: nothing is left in the store. Idempotent. */
        @Override
        public synchronized void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                out.close();
            } catch (IOException | RuntimeException e) {
                // aborting anyway: the object is discarded below
            }
            object.close();
        }

        private void ensureOpen() {
            if (done) {
                throw new IllegalStateException("log " + key + " is already committed or closed");
            }
        }

        private ArcaException failed(String action, Exception e) {
            return e instanceof ArcaException a ? a
                    : new ArcaException("cannot " + action + " " + key + " in " + store + ": " + e.getMessage(), e);
        }
    }
}

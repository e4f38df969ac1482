package dev.arca.storage.crypto;

import static dev.arca.storage.crypto.EncryptedObjectStoreTest.FAST;
import static dev.arca.storage.crypto.EncryptedObjectStoreTest.PASSPHRASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.RetryingObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download cut mid-object under an encrypted location (what an S3 connection closed by the
 * server does): the retrying layer under the encryption resumes it, and without that layer the cut
 * is reported as a transient failure, never as tampering.
 */
class CutDownloadTest {
    private static final String KEY = "backups/big/resources.tar.zst";

    @TempDir
    Path dir;

    @Test
    void anEncryptedReadCutHalfWayIsResumedOnceAndReturnsTheRightBytes() throws IOException {
        byte[] data = new byte[6 * 1024 * 1024];
        new Random(16).nextBytes(data);
        FilesystemObjectStore raw = new FilesystemObjectStore(dir.resolve("location"));
        CutHalfWayOnce cutting = new CutHalfWayOnce(raw);
        List<Duration> sleeps = new CopyOnWriteArrayList<>();
        ObjectStore store = new EncryptedObjectStore(new RetryingObjectStore(cutting, 5, Duration.ofMillis(200), sleeps::add),
                LocationKeys.openOrCreate(raw, "cut", PASSPHRASE, FAST, Clock.systemUTC()));
        store.put(KEY, data);
        long ciphertext = raw.list(KEY).get(0).size();

        String log = stderrOf(() -> {
            try (InputStream in = store.get(KEY)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
        });

        assertThat(cutting.openedAt).containsExactly(0L, ciphertext / 2);
        assertThat(sleeps).containsExactly(Duration.ofMillis(200));
        assertThat(log).contains("resuming the read of " + KEY + " in " + raw.describe() + " at byte " + ciphertext / 2)
                .contains("connection closed by the server");
    }

    @Test
    void withoutRetriesACutUnderTheEncryptionIsTransientNotCorrupt() {
        FilesystemObjectStore raw = new FilesystemObjectStore(dir.resolve("location"));
        ObjectStore store = new EncryptedObjectStore(new CutHalfWayOnce(raw),
                LocationKeys.openOrCreate(raw, "cut", PASSPHRASE, FAST, Clock.systemUTC()));
        store.put(KEY, new byte[3 * 1024 * 1024]);

        assertThatThrownBy(() -> store.getBytes(KEY)).isInstanceOf(ArcaException.Transient.class)
                .hasMessageContaining(KEY).hasMessageContaining("connection closed by the server")
                .hasMessageNotContaining("failed authentication");
        assertThat(store.getBytes(KEY)).as("the next read, not cut, authenticates").hasSize(3 * 1024 * 1024);
    }

    /** What slf4j-simple (the test binding, which writes to the current System.err) logs while {@code action} runs. */
    private static String stderrOf(IoAction action) throws IOException {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        original.print(captured.toString(StandardCharsets.UTF_8));
        return captured.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** The first stream opened on the object fails half way through, as a connection closed by the server does. */
    private static final class CutHalfWayOnce extends ForwardingObjectStore {
        final List<Long> openedAt = new CopyOnWriteArrayList<>();
        private boolean cut;

        CutHalfWayOnce(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public InputStream get(String key) {
            return get(key, 0);
        }

        @Override
        public InputStream get(String key, long offset) {
            openedAt.add(offset);
            InputStream in = super.get(key, offset);
            if (cut || !key.equals(KEY)) {
                return in;
            }
            cut = true;
            long half = list(key).get(0).size() / 2;
            return new FilterInputStream(in) {
                private long left = half - offset;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        throw new IOException("Premature end of Content-Length delimited message body: connection closed by the server");
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    left -= Math.max(n, 0);
                    return n;
                }

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }
            };
        }
    }
}

package dev.arca.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.RetryingObjectStore;
import dev.arca.storage.crypto.EncryptedObjectStore;
import dev.arca.storage.crypto.LocationKeys;
import dev.arca.testkit.s3.S3Server;
import dev.arca.testkit.s3.S3ServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download from the real s3proxy whose connection is closed by the network half way through an
 * object (the SDK sees a premature end of the response body): under an encrypted location it
 * resumes with a range read and returns the right bytes, where it used to be reported as tampering.
 */
@ExtendWith(S3ServerExtension.class)
class S3CutDownloadIT {
    private static final String KEY = "backups/big/resources.tar.zst";
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    private final S3Server s3;
    @TempDir
    Path dir;

    S3CutDownloadIT(S3Server s3) {
        this.s3 = s3;
    }

    @Test
    void anEncryptedDownloadWhoseConnectionIsClosedHalfWayResumesAndReturnsTheRightBytes() throws Exception {
        byte[] data = new byte[6 * 1024 * 1024];
        new Random(16).nextBytes(data);
        String bucket = s3.createUniqueBucket("cut");
        List<Duration> sleeps = new CopyOnWriteArrayList<>();
        try (CuttingProxy proxy = new CuttingProxy(URI.create(s3.endpoint()));
             S3ObjectStore s3store = new S3ObjectStore(S3Settings.from(spec(bucket, "http://127.0.0.1:" + proxy.port())))) {
            ObjectStore retrying = new RetryingObjectStore(s3store, 5, Duration.ofMillis(10), sleeps::add);
            ObjectStore store = new EncryptedObjectStore(retrying,
                    LocationKeys.openOrCreate(retrying, "cut", PASSPHRASE, new LocationKeys.Kdf(1 << 10, 8, 1), Clock.systemUTC()));
            store.put(KEY, data);

            proxy.cutTheNextResponseAfter(3 * 1024 * 1024);
            byte[] read;
            try (InputStream in = store.get(KEY)) {
                read = in.readAllBytes();
            }

            assertThat(proxy.cuts()).as("the proxy cut a response").isEqualTo(1);
            assertThat(read).isEqualTo(data);
            assertThat(sleeps).as("one resume").hasSize(1);
        }
    }

    private BackupLocationSpec spec(String bucket, String endpoint) throws IOException {
        Path credentials = Files.writeString(dir.resolve("credentials"), "[default]\naws_access_key_id = " + s3.accessKey()
                + "\naws_secret_access_key = " + s3.secretKey() + "\n");
        return new BackupLocationSpec("cut", "s3", Map.of("bucket", bucket, "endpoint", endpoint,
                "credentialsFile", credentials.toString()), null);
    }

    /** A TCP proxy in front of s3proxy that, when armed, closes the first connection whose answers pass a byte count. */
    private static final class CuttingProxy implements AutoCloseable {
        private final ServerSocket server;
        private final URI target;
        private final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong cuts = new AtomicLong();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        CuttingProxy(URI target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "cutting-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void cutTheNextResponseAfter(long bytes) {
            budget.set(bytes);
        }

        long cuts() {
            return cuts.get();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(target.getHost(), target.getPort());
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream, false);
                    pump(upstream, client, true);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void pump(Socket from, Socket to, boolean answers) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        if (answers && budget.addAndGet(-n) < 0) {
                            budget.set(Long.MAX_VALUE); // disarmed: later connections pass
                            cuts.incrementAndGet();
                            out.write(buffer, 0, n / 2);
                            out.flush();
                            from.close();
                            to.close();
                            return;
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // one side closed: the other follows
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "cutting-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                closeQuietly(s);
            }
        }
    }
}

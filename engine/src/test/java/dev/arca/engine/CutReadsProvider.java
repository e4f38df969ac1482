package dev.arca.engine;

import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStoreProvider;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A test provider, {@code provider: cut-reads}: a real directory ({@code dir}) whose first read of
 * an object named {@code cutReadsOf} (a file name, e.g. {@code resources.tar.zst}) breaks half
 * way through with an IOException, as an S3 connection closed by the server does. Registered
 * for the engine's tests in {@code META-INF/services}, so {@link dev.arca.storage.ObjectStores#open}
 * wraps it in the real retrying and encrypting layers. Each opened store cuts once.
 */
public final class CutReadsProvider implements ObjectStoreProvider {
    @Override
    public String name() {
        return "cut-reads";
    }

    @Override
    public ObjectStore open(BackupLocationSpec spec) {
        return new CutOnce(new FilesystemObjectStore(Path.of(spec.get("dir"))), spec.get("cutReadsOf"));
    }

    private static final class CutOnce extends ForwardingObjectStore {
        private final String fileName;
        private boolean cut;

        CutOnce(ObjectStore delegate, String fileName) {
            super(delegate);
            this.fileName = fileName;
        }

        @Override
        public String describe() {
            return "cut-reads " + delegate.describe();
        }

        @Override
        public InputStream get(String key) {
            return get(key, 0);
        }

        @Override
        public synchronized InputStream get(String key, long offset) {
            InputStream in = super.get(key, offset);
            if (cut || fileName == null || !key.endsWith("/" + fileName)) {
                return in;
            }
            cut = true;
            long half = list(key).get(0).size() / 2;
            return new FilterInputStream(in) {
                private long left = half - offset;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        throw new IOException("Premature end of Content-Length delimited message body (simulated: "
                                + "connection closed by the server)");
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

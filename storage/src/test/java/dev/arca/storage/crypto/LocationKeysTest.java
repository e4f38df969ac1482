package dev.arca.storage.crypto;

import static dev.arca.storage.crypto.EncryptedObjectStoreTest.FAST;
import static dev.arca.storage.crypto.EncryptedObjectStoreTest.PASSPHRASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.StreamingAead;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating, opening and rotating a location's keyset when clients race or crash. */
class LocationKeysTest {
    @TempDir
    Path dir;

    @Test
    void twoClientsCreatingTheKeysetAtOnceEndUpWithTheSameKeys() throws Exception {
        BothSeeNoKeyFile raw = new BothSeeNoKeyFile(new FilesystemObjectStore(dir.resolve("location")));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<StreamingAead> first = pool.submit(() -> LocationKeys.openOrCreate(raw, "race", PASSPHRASE, FAST, Clock.systemUTC()));
            Future<StreamingAead> second = pool.submit(() -> LocationKeys.openOrCreate(raw, "race", PASSPHRASE, FAST, Clock.systemUTC()));

            new EncryptedObjectStore(raw, first.get(30, TimeUnit.SECONDS)).put("backups/a/backup.json", text("from the first"));
            new EncryptedObjectStore(raw, second.get(30, TimeUnit.SECONDS)).put("backups/b/backup.json", text("from the second"));
        } finally {
            pool.shutdownNow();
        }

        ObjectStore reopened = new EncryptedObjectStore(raw, LocationKeys.open(raw, "race", PASSPHRASE));
        assertThat(reopened.getBytes("backups/a/backup.json")).isEqualTo(text("from the first"));
        assertThat(reopened.getBytes("backups/b/backup.json")).isEqualTo(text("from the second"));
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Both clients look for the key file before either writes it: the race a first backup pair runs. */
    private static final class BothSeeNoKeyFile extends ForwardingObjectStore {
        private final CyclicBarrier bothChecked = new CyclicBarrier(2);

        BothSeeNoKeyFile(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public boolean exists(String key) {
            boolean exists = super.exists(key);
            if (key.equals(KeyFile.KEY)) {
                try {
                    bothChecked.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return exists;
        }
    }
}

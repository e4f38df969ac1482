package dev.arca.storage.crypto;

import static dev.arca.storage.crypto.EncryptedObjectStoreTest.FAST;
import static dev.arca.storage.crypto.EncryptedObjectStoreTest.PASSPHRASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.StreamingAead;
import dev.arca.api.ArcaException;
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
    private static final char[] NEXT = "the passphrase after rotation".toCharArray();

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

    @Test
    void aRotationCutWhenTheNewKeyFileWasStillEmptyLeavesTheLocationOpenWithItsData() {
        FilesystemObjectStore raw = locationWithOneBackup();
        ObjectStore crashing = new CrashOnKeyFileWrite(raw, () -> raw.put(KeyFile.KEY, new byte[0]));

        assertThatThrownBy(() -> LocationKeys.rotate(crashing, "test", PASSPHRASE, NEXT, FAST, Clock.systemUTC()))
                .hasMessageContaining("power lost");

        assertThat(raw.getBytes(KeyFile.KEY)).as("the crash state").isEmpty();
        assertOpensWithItsData(raw);
    }

    @Test
    void aRotationCutWhenTheNewKeyFileWasMissingLeavesTheLocationOpenWithItsData() {
        FilesystemObjectStore raw = locationWithOneBackup();
        ObjectStore crashing = new CrashOnKeyFileWrite(raw, () -> raw.delete(KeyFile.KEY));

        assertThatThrownBy(() -> LocationKeys.rotate(crashing, "test", PASSPHRASE, NEXT, FAST, Clock.systemUTC()))
                .hasMessageContaining("power lost");

        assertThat(raw.exists(KeyFile.KEY)).as("the crash state").isFalse();
        assertThat(LocationKeys.exists(raw)).as("a location with keys is never mistaken for a new one").isTrue();
        assertOpensWithItsData(raw);
        LocationKeys.rotate(raw, "test", PASSPHRASE, NEXT, FAST, Clock.systemUTC()); // running it again finishes it
        assertThat(new EncryptedObjectStore(raw, LocationKeys.open(raw, "test", NEXT)).getBytes("backups/a/backup.json"))
                .isEqualTo(text("before the rotation"));
    }

    @Test
    void aFinishedRotationKeepsNoCopyOfTheOldKeyFile() {
        FilesystemObjectStore raw = locationWithOneBackup();

        LocationKeys.rotate(raw, "test", PASSPHRASE, NEXT, FAST, Clock.systemUTC());

        assertThat(raw.exists(KeyFile.PREVIOUS)).isFalse();
        assertThatThrownBy(() -> LocationKeys.open(raw, "test", PASSPHRASE)).isInstanceOf(ArcaException.InvalidInput.class);
        assertThat(new EncryptedObjectStore(raw, LocationKeys.open(raw, "test", NEXT)).getBytes("backups/a/backup.json"))
                .isEqualTo(text("before the rotation"));
    }

    private FilesystemObjectStore locationWithOneBackup() {
        FilesystemObjectStore raw = new FilesystemObjectStore(dir.resolve("location"));
        new EncryptedObjectStore(raw, LocationKeys.openOrCreate(raw, "test", PASSPHRASE, FAST, Clock.systemUTC()))
                .put("backups/a/backup.json", text("before the rotation"));
        return raw;
    }

    private static void assertOpensWithItsData(FilesystemObjectStore raw) {
        StreamingAead reopened = LocationKeys.openOrCreate(raw, "test", PASSPHRASE, FAST, Clock.systemUTC());
        assertThat(new EncryptedObjectStore(raw, reopened).getBytes("backups/a/backup.json")).isEqualTo(text("before the rotation"));
        assertThat(LocationKeys.keyCount(raw, "test", PASSPHRASE)).isEqualTo(1);
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Power is lost while the new key file is written: what reached the disk is {@code crashState}. */
    private static final class CrashOnKeyFileWrite extends ForwardingObjectStore {
        private final Runnable crashState;

        CrashOnKeyFileWrite(ObjectStore delegate, Runnable crashState) {
            super(delegate);
            this.crashState = crashState;
        }

        @Override
        public void put(String key, byte[] data) {
            if (key.equals(KeyFile.KEY)) {
                crashState.run();
                throw new ArcaException("power lost while writing " + key);
            }
            super.put(key, data);
        }
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

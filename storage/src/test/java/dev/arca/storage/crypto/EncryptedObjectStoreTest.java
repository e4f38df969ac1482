package dev.arca.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.StreamingAead;
import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStoreContract;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encrypting decorator keeps the store contract and turns any tampering into Corrupt. */
class EncryptedObjectStoreTest extends ObjectStoreContract {
    /** Cheap scrypt for tests; real locations use {@link LocationKeys.Kdf#DEFAULT}. */
    static final LocationKeys.Kdf FAST = new LocationKeys.Kdf(1 << 10, 8, 1);
    static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;
    private StreamingAead aead;

    @Override
    protected ObjectStore createStore() {
        FilesystemObjectStore raw = new FilesystemObjectStore(dir.resolve("location"));
        aead = LocationKeys.openOrCreate(raw, "test", PASSPHRASE, FAST, Clock.systemUTC());
        return new EncryptedObjectStore(raw, aead);
    }

    @Override
    protected boolean removesAbandonedWrites() {
        return true; // the filesystem below removes the temporary file of the ciphertext
    }

    @Override
    protected long listedSize(long length) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = aead.newEncryptingStream(sink, new byte[0])) {
            out.write(new byte[(int) length]);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sink.size();
    }

    private Path file(String key) {
        return dir.resolve("location").resolve(key);
    }

    @Test
    void whatReachesTheStorageIsCiphertext() throws Exception {
        store.put("backups/b/backup.json", "{\"secret\":\"hunter2-hunter2\"}".getBytes(StandardCharsets.UTF_8));

        String raw = new String(Files.readAllBytes(file("backups/b/backup.json")), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("hunter2").doesNotContain("secret");
        assertThat(new String(store.getBytes("backups/b/backup.json"), StandardCharsets.UTF_8)).contains("hunter2-hunter2");
        assertThat(Files.readString(file(KeyFile.KEY))).contains("\"kdf\":\"scrypt\"").doesNotContain("AES256");
    }

    @Test
    void aFlippedByteIsCorruptAndNamesTheObject() throws Exception {
        store.put("backups/b/resources.tar.zst", random(300_000, 1));
        byte[] bytes = Files.readAllBytes(file("backups/b/resources.tar.zst"));
        bytes[150_000] ^= 0x40;
        Files.write(file("backups/b/resources.tar.zst"), bytes);

        assertThatThrownBy(() -> store.getBytes("backups/b/resources.tar.zst"))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("backups/b/resources.tar.zst").hasMessageContaining("failed authentication");
    }

    @Test
    void aTruncatedObjectIsCorrupt() throws Exception {
        store.put("k/truncated", random(2_500_000, 2));
        byte[] bytes = Files.readAllBytes(file("k/truncated"));
        Files.write(file("k/truncated"), java.util.Arrays.copyOf(bytes, bytes.length - 1000));

        assertThatThrownBy(() -> store.getBytes("k/truncated")).isInstanceOf(ArcaException.Corrupt.class);
    }

    @Test
    void anObjectCopiedToAnotherKeyDoesNotDecrypt() throws Exception {
        store.put("backups/a/backup.json", "{\"phase\":\"Completed\"}".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(file("backups/b"));
        Files.copy(file("backups/a/backup.json"), file("backups/b/backup.json"));

        assertThatThrownBy(() -> store.getBytes("backups/b/backup.json")).isInstanceOf(ArcaException.Corrupt.class);
    }

    @Test
    void theWrongPassphraseIsRefusedWithoutSayingWhatItWas() {
        FilesystemObjectStore raw = new FilesystemObjectStore(dir.resolve("location"));

        assertThatThrownBy(() -> LocationKeys.open(raw, "test", "not the passphrase".toCharArray()))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("wrong passphrase for location \"test\"")
                .hasMessageNotContaining("not the passphrase");
    }

    @Test
    void rotationKeepsOldObjectsReadableUnderTheNewPassphraseOnly() {
        store.put("old/object", "written before rotation".getBytes(StandardCharsets.UTF_8));
        FilesystemObjectStore raw = new FilesystemObjectStore(dir.resolve("location"));
        char[] next = "a brand new passphrase".toCharArray();

        LocationKeys.rotate(raw, "test", PASSPHRASE, next, FAST, Clock.systemUTC());

        ObjectStore reopened = new EncryptedObjectStore(raw, LocationKeys.open(raw, "test", next));
        assertThat(new String(reopened.getBytes("old/object"), StandardCharsets.UTF_8)).isEqualTo("written before rotation");
        reopened.put("new/object", "after".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(reopened.getBytes("new/object"), StandardCharsets.UTF_8)).isEqualTo("after");
        assertThat(LocationKeys.keyCount(raw, "test", next)).isEqualTo(2);
        assertThatThrownBy(() -> LocationKeys.open(raw, "test", PASSPHRASE)).isInstanceOf(ArcaException.InvalidInput.class);
    }

    @Test
    void anEncryptedLocationWithoutItsKeyFileSaysSo() throws Exception {
        Files.delete(file(KeyFile.KEY));
        FilesystemObjectStore raw = new FilesystemObjectStore(dir.resolve("location"));

        assertThatThrownBy(() -> LocationKeys.open(raw, "test", PASSPHRASE))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("has no key file " + KeyFile.KEY);
    }

    @Test
    void aCorruptKeyFileIsCorrupt() throws Exception {
        Files.writeString(file(KeyFile.KEY), "{not json");
        FilesystemObjectStore raw = new FilesystemObjectStore(dir.resolve("location"));

        assertThatThrownBy(() -> LocationKeys.open(raw, "test", PASSPHRASE)).isInstanceOf(ArcaException.Corrupt.class);
    }
}

package dev.arca.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
    private static final char[] PASSPHRASE = "a passphrase".toCharArray();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void scryptParametersBeyondWhatArcaWritesAreRefusedBeforeAnyDerivation() {
        assertThatThrownBy(() -> new KeyFile(1, "scrypt", "c2FsdA==", 1 << 30, 8, 1, "x", Instant.EPOCH, null))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("N=1073741824")
                .hasMessageContaining("it was altered");
        assertThatThrownBy(() -> new KeyFile(1, "scrypt", "c2FsdA==", 1 << 17, 8, 1 << 20, "x", Instant.EPOCH, null))
                .isInstanceOf(ArcaException.Corrupt.class);
        assertThatThrownBy(() -> new KeyFile(1, "scrypt", "c2FsdA==", 1 << 17, 1 << 20, 1, "x", Instant.EPOCH, null))
                .isInstanceOf(ArcaException.Corrupt.class);
    }

    @Test
    void theParametersArcaWritesAndSomeHeadroomAreAccepted() {
        LocationKeys.Kdf kdf = LocationKeys.Kdf.DEFAULT;
        assertThat(new KeyFile(1, "scrypt", "c2FsdA==", kdf.n(), kdf.r(), kdf.p(), "x", Instant.EPOCH, null).n()).isEqualTo(kdf.n());
        assertThat(new KeyFile(1, "scrypt", "c2FsdA==", 1 << 18, 8, 4, "x", Instant.EPOCH, null).r()).as("256 MiB").isEqualTo(8);
        assertThat(new KeyFile(1, "scrypt", "c2FsdA==", 1 << 20, 2, 1, "x", Instant.EPOCH, null).n()).as("256 MiB").isEqualTo(1 << 20);
    }

    @Test
    void parametersWhoseMemoryProductOverflowsALongAreRefused() {
        // 128 * 2^30 * 2^27 = 2^64, which wraps to 0 in a long
        assertThatThrownBy(() -> new KeyFile(1, "scrypt", "c2FsdA==", 1 << 30, 1 << 27, 1, "x", Instant.EPOCH, null))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("r=134217728");
    }

    @Test
    void eachParameterAndTheMemoryAreBoundedOnTheirOwn() {
        assertThatThrownBy(() -> new KeyFile(1, "scrypt", "c2FsdA==", 1 << 18, 16, 1, "x", Instant.EPOCH, null))
                .as("512 MiB").isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("256 MiB");
        assertThatThrownBy(() -> new KeyFile(1, "scrypt", "c2FsdA==", 1 << 21, 1, 1, "x", Instant.EPOCH, null))
                .as("N above 2^20").isInstanceOf(ArcaException.Corrupt.class);
        assertThatThrownBy(() -> new KeyFile(1, "scrypt", "c2FsdA==", 2, 64, 1, "x", Instant.EPOCH, null))
                .as("r above 32").isInstanceOf(ArcaException.Corrupt.class);
        assertThatThrownBy(() -> new KeyFile(1, "scrypt", "c2FsdA==", 1 << 10, 8, 5, "x", Instant.EPOCH, null))
                .as("p above 4").isInstanceOf(ArcaException.Corrupt.class);
    }

    @Test
    void aKeyFileWhoseSaltIsNotBase64IsCorruptAndNamedWhenTheLocationOpens(@TempDir Path dir) throws Exception {
        FilesystemObjectStore raw = new FilesystemObjectStore(dir);
        LocationKeys.openOrCreate(raw, "enc", PASSPHRASE, EncryptedObjectStoreTest.FAST, Clock.systemUTC());
        ObjectNode file = (ObjectNode) JSON.readTree(raw.getBytes(KeyFile.KEY));
        file.put("salt", "not base64!");
        raw.put(KeyFile.KEY, JSON.writeValueAsBytes(file));

        assertThatThrownBy(() -> LocationKeys.open(raw, "enc", PASSPHRASE))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("arca/keyset.json")
                .hasMessageContaining("a salt that is not base64");
    }
}

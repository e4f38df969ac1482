package dev.arca.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyFileTest {

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
        assertThat(new KeyFile(1, "scrypt", "c2FsdA==", 1 << 20, 8, 4, "x", Instant.EPOCH, null).r()).isEqualTo(8);
    }
}

package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.content.ChunkId;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChunkIdTest {
    @Test
    void hexRoundTripsAndOrderIsUnsignedByteOrder() {
        String hex = "ff" + "00".repeat(31);
        ChunkId high = ChunkId.parse(hex);
        ChunkId low = ChunkId.parse("01" + "00".repeat(31));
        assertThat(high.toString()).isEqualTo(hex);
        assertThat(high.bytes()).isEqualTo(HexFormat.of().parseHex(hex));
        assertThat(low).isLessThan(high);
        assertThat(ChunkId.parse(hex)).isEqualTo(high).hasSameHashCodeAs(high);
        assertThatThrownBy(() -> ChunkId.parse("abc")).hasMessageContaining("64 hex digits");
    }
}

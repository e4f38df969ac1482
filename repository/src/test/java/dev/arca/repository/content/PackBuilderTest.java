package dev.arca.repository.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PackBuilderTest {
    private static ChunkId id(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        return ChunkId.of(b);
    }

    @Test
    void aPackAllocatesItsBufferWithItsFirstChunkOnly() {
        PackBuilder pack = new PackBuilder(8 << 20);
        assertThat(pack.buffer()).as("a store opened to read never holds a pack's buffer").isNull();
        assertThat(pack.detachBuffer()).isNull();

        PackBuilder reserving = new PackBuilder(8 << 20);
        assertThat(reserving.reserve(id(1), 100, 90, false)).isZero();
        assertThat(reserving.buffer()).hasSize(8 << 20);
        assertThat(reserving.reserve(id(2), 50, 40, true)).isEqualTo(100);
        assertThat(reserving.size()).isEqualTo(150);

        PackBuilder appending = new PackBuilder(4096);
        appending.append(id(3), new byte[10_000], 0, 10_000, 9_000, true);
        assertThat(appending.buffer()).as("a first chunk larger than the pack").hasSize(10_000);
        assertThat(appending.size()).isEqualTo(10_000);
    }
}

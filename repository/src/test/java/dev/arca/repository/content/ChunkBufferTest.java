package dev.arca.repository.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkBufferTest {
    @Test
    void aPooledArrayIsRoundedUpIn64KiBStepsToOneMebibyteAndIn512KiBStepsBeyond() {
        assertThat(ChunkBuffer.pooledCapacity(0)).isZero();
        assertThat(ChunkBuffer.pooledCapacity(1)).isEqualTo(64 * 1024);
        assertThat(ChunkBuffer.pooledCapacity(300_000)).isEqualTo(5 * 64 * 1024);
        assertThat(ChunkBuffer.pooledCapacity(1 << 20)).isEqualTo(1 << 20);
        assertThat(ChunkBuffer.pooledCapacity((1 << 20) + 1)).isEqualTo(3 << 19);
        assertThat(ChunkBuffer.pooledCapacity(2_700_000)).isEqualTo(3 << 20);
        assertThat(ChunkBuffer.pooledCapacity(Integer.MAX_VALUE - 8)).isEqualTo(Integer.MAX_VALUE - 8);
    }

    @Test
    void aBufferGrowingFromOneToThreeMebibytesMakesFiveArraysNotThirtyThree() {
        ChunkBuffer buffer = new ChunkBuffer();
        int arrays = 0;
        byte[] last = null;
        for (int n = 1 << 20; n <= 3 << 20; n += 64 * 1024) {
            byte[] a = buffer.reset(n);
            assertThat(a.length).isGreaterThanOrEqualTo(n);
            assertThat(buffer.length()).isEqualTo(n);
            arrays += a == last ? 0 : 1;
            last = a;
        }
        assertThat(arrays).isEqualTo(5); // 1, 1.5, 2, 2.5 and 3 MiB
    }
}

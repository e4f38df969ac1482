package dev.arca.repository.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmallBuffersTest {
    private final SmallBuffers buffers = new SmallBuffers();

    @Test
    void aBufferIsItsSizeClassAndIsLentAgainOnceGivenBack() {
        assertThat(buffers.take(1)).hasSize(4096);
        assertThat(buffers.take(4096)).hasSize(4096);
        assertThat(buffers.take(4097)).hasSize(8192);
        assertThat(buffers.take(300_000)).hasSize(512 * 1024);
        assertThat(buffers.take(SmallBuffers.LARGEST)).hasSize(SmallBuffers.LARGEST);

        byte[] lent = buffers.take(70_000);
        buffers.give(lent);
        assertThat(buffers.idleBytes()).isEqualTo(lent.length);
        assertThat(buffers.take(100_000)).as("the same class (128 KiB)").isSameAs(lent);
        assertThat(buffers.idleBytes()).isZero();
        buffers.give(lent);
        assertThat(buffers.take(40_000)).as("a smaller class").isNotSameAs(lent).hasSize(64 * 1024);
    }

    @Test
    void keepsAtMostItsIdleBytesAndDropsTheRest() {
        List<byte[]> lent = new ArrayList<>();
        for (int i = 0; i < 3 * SmallBuffers.IDLE_BYTES / SmallBuffers.LARGEST; i++) {
            lent.add(buffers.take(SmallBuffers.LARGEST));
        }
        lent.forEach(buffers::give);
        assertThat(buffers.idleBytes()).isEqualTo(SmallBuffers.IDLE_BYTES);
        int reused = 0;
        for (byte[] b : lent) {
            byte[] again = buffers.take(SmallBuffers.LARGEST);
            reused += lent.stream().anyMatch(x -> x == again) ? 1 : 0;
        }
        assertThat(reused).isEqualTo((int) (SmallBuffers.IDLE_BYTES / SmallBuffers.LARGEST));
    }

    @Test
    void refusesLengthsOutsideItsClasses() {
        assertThatThrownBy(() -> buffers.take(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> buffers.take(SmallBuffers.LARGEST + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(SmallBuffers.LARGEST + 1));
    }
}

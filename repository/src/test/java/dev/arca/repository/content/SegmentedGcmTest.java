package dev.arca.repository.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SegmentedGcmTest {
    private final SegmentedGcm gcm = new SegmentedGcm(new SecretKeySpec(new byte[32], "AES"));
    private final byte[] ad = "chunk".getBytes();

    private byte[] seal(byte[] plain) {
        byte[] out = new byte[SegmentedGcm.sealedLength(plain.length)];
        assertThat(gcm.seal(plain, 0, plain.length, ad, out, 0)).isEqualTo(out.length);
        return out;
    }

    private byte[] open(byte[] sealed, byte[] withAd) throws AEADBadTagException {
        byte[] plain = new byte[SegmentedGcm.maxPlainLength(sealed.length)];
        int n = gcm.open(sealed, 0, sealed.length, withAd, plain);
        return Arrays.copyOf(plain, n);
    }

    @Test
    void everySizeAroundTheSegmentBoundaryRoundTrips() throws Exception {
        Random random = new Random(1);
        int s = SegmentedGcm.SEGMENT;
        for (int size : new int[] {0, 1, s - 1, s, s + 1, 3 * s, 3 * s + 7, 1 << 20}) {
            byte[] plain = new byte[size];
            random.nextBytes(plain);
            byte[] sealed = seal(plain);
            assertThat(open(sealed, ad)).as("size %d", size).isEqualTo(plain);
            assertThat(seal(plain)).as("a fresh nonce each time").isNotEqualTo(sealed);
        }
    }

    @Test
    void aFlippedByteAnotherAdReorderedSegmentsAndATruncationAllFail() throws Exception {
        byte[] plain = new byte[3 * SegmentedGcm.SEGMENT + 100];
        new Random(2).nextBytes(plain);
        byte[] sealed = seal(plain);
        int seg = SegmentedGcm.SEGMENT + SegmentedGcm.TAG;

        byte[] flipped = sealed.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThatThrownBy(() -> open(flipped, ad)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> open(sealed, "other".getBytes())).isInstanceOf(AEADBadTagException.class);

        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, SegmentedGcm.PREFIX, swapped, SegmentedGcm.PREFIX + seg, seg);
        System.arraycopy(sealed, SegmentedGcm.PREFIX + seg, swapped, SegmentedGcm.PREFIX, seg);
        assertThatThrownBy(() -> open(swapped, ad)).isInstanceOf(AEADBadTagException.class);

        byte[] truncated = Arrays.copyOf(sealed, SegmentedGcm.PREFIX + 2 * seg);
        assertThatThrownBy(() -> open(truncated, ad)).as("the new last segment is not marked last").isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> open(Arrays.copyOf(sealed, 10), ad)).isInstanceOf(AEADBadTagException.class);
    }
}

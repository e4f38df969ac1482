package dev.arca.repository.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SegmentedGcmTest {
    private final SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
    private final SegmentedGcm gcm = new SegmentedGcm(key);
    private final byte[] ad = "chunk".getBytes();

    private byte[] seal(byte[] plain) {
        byte[] out = new byte[SegmentedGcm.sealedLength(plain.length)];
        assertThat(gcm.seal(plain, 0, plain.length, ad, out, 0)).isEqualTo(out.length);
        return out;
    }

    /** Opens the message apart and in place (at an offset in a larger array): both fail alike, or give the same bytes. */
    private byte[] open(byte[] sealed, byte[] withAd) throws AEADBadTagException {
        byte[] plain = new byte[SegmentedGcm.maxPlainLength(sealed.length)];
        byte[] inPlace = new byte[sealed.length + 7];
        System.arraycopy(sealed, 0, inPlace, 5, sealed.length);
        int n;
        try {
            n = gcm.open(sealed, 0, sealed.length, withAd, plain);
        } catch (AEADBadTagException e) {
            assertThatThrownBy(() -> gcm.openInPlace(inPlace, 5, sealed.length, withAd)).as("in place, as apart")
                    .isExactlyInstanceOf(e.getClass());
            throw e;
        }
        int m = gcm.openInPlace(inPlace, 5, sealed.length, withAd);
        assertThat(Arrays.copyOfRange(inPlace, 5, 5 + m)).as("in place, as apart").isEqualTo(Arrays.copyOf(plain, n));
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
            assertThat(seal(plain)).as("a fresh salt each time").isNotEqualTo(sealed);
        }
    }

    @Test
    void theNewFormatStartsWithItsVersionAndARandomSaltThatKeysEachMessage() {
        byte[] plain = "the same plaintext".getBytes(StandardCharsets.UTF_8);
        byte[] one = seal(plain);
        byte[] two = seal(plain);
        assertThat(one[0]).isEqualTo(SegmentedGcm.VERSION_3);
        assertThat(Arrays.copyOfRange(one, 1, 5)).as("generation 1").containsExactly(0, 0, 0, 1);
        assertThat(one).hasSize(1 + 4 + 32 + plain.length + 16);
        assertThat(Arrays.copyOfRange(one, 5, 37)).as("salt").isNotEqualTo(Arrays.copyOfRange(two, 5, 37));
        // same nonce (counter 0, last) in both: only their subkeys tell them apart, so the keystreams must differ
        assertThat(Arrays.copyOfRange(one, 37, 37 + plain.length)).isNotEqualTo(Arrays.copyOfRange(two, 37, 37 + plain.length));
    }

    @Test
    void anAlteredSaltOrVersionFailsAuthentication() throws Exception {
        byte[] plain = new byte[2 * SegmentedGcm.SEGMENT + 5];
        new Random(3).nextBytes(plain);
        byte[] sealed = seal(plain);
        for (int at : new int[] {0, 1, 4, 5, 20, 36}) {
            byte[] altered = sealed.clone();
            altered[at] ^= 0x01;
            assertThatThrownBy(() -> open(altered, ad)).as("byte %d of the header", at).isInstanceOf(AEADBadTagException.class);
        }
        assertThat(open(sealed, ad)).isEqualTo(plain);
    }

    @Test
    void aFlippedByteAnotherAdReorderedSegmentsAndATruncationAllFail() throws Exception {
        byte[] plain = new byte[3 * SegmentedGcm.SEGMENT + 100];
        new Random(2).nextBytes(plain);
        byte[] sealed = seal(plain);
        int seg = SegmentedGcm.SEGMENT + SegmentedGcm.TAG;
        int h = SegmentedGcm.HEADER;

        byte[] flipped = sealed.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThatThrownBy(() -> open(flipped, ad)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> open(sealed, "other".getBytes())).isInstanceOf(AEADBadTagException.class);

        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, h, swapped, h + seg, seg);
        System.arraycopy(sealed, h + seg, swapped, h, seg);
        assertThatThrownBy(() -> open(swapped, ad)).isInstanceOf(AEADBadTagException.class);

        byte[] truncated = Arrays.copyOf(sealed, h + 2 * seg);
        assertThatThrownBy(() -> open(truncated, ad)).as("the new last segment is not marked last").isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> open(Arrays.copyOf(sealed, 10), ad)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void aMessageSealedByTheFormerCodeStillOpens() throws Exception {
        byte[] fixtureKey = new byte[32];
        for (int i = 0; i < 32; i++) {
            fixtureKey[i] = (byte) i;
        }
        byte[] expected = new byte[2 * SegmentedGcm.SEGMENT + 1000];
        new Random(19).nextBytes(expected);
        byte[] sealed;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/segmented-gcm-v1.bin")) {
            sealed = in.readAllBytes();
        }
        assertThat(sealed).as("format 1: 8-byte prefix, three tagged segments").hasSize(8 + expected.length + 3 * 16);
        SegmentedGcm withFixtureKey = new SegmentedGcm(new SecretKeySpec(fixtureKey, "AES"));
        byte[] plain = new byte[SegmentedGcm.maxPlainLength(sealed.length)];
        int n = withFixtureKey.open(sealed, 0, sealed.length, "arca/fixture".getBytes(StandardCharsets.US_ASCII), plain);
        assertThat(Arrays.copyOf(plain, n)).isEqualTo(expected);

        sealed[20] ^= 1;
        assertThatThrownBy(() -> withFixtureKey.open(sealed, 0, sealed.length, "arca/fixture".getBytes(StandardCharsets.US_ASCII),
                plain)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void aFormerMessageWhoseRandomPrefixStartsLikeANewerVersionStillOpens() throws Exception {
        for (byte version : new byte[] {SegmentedGcm.VERSION_2, SegmentedGcm.VERSION_3}) {
            byte[] prefix = {version, 0, 0, 0, 1, 5, 4, 3};
            for (int size : new int[] {0, 40, SegmentedGcm.SEGMENT + 3}) {
                byte[] plain = new byte[size];
                new Random(size).nextBytes(plain);
                assertThat(open(sealFormat1(prefix, plain), ad)).as("version %d, size %d", version, size).isEqualTo(plain);
            }
        }
    }

    @Test
    void aFormat2MessageAsTheFormerCodeSealedItStillOpensWithGeneration1() throws Exception {
        byte[] plain = new byte[2 * SegmentedGcm.SEGMENT + 9];
        new Random(4).nextBytes(plain);
        byte[] sealed = sealFormat2(plain);
        assertThat(open(sealed, ad)).isEqualTo(plain);
        SegmentedGcm rotated = new SegmentedGcm(Map.of(1, key, 2, new SecretKeySpec(filled(7), "AES")), 2);
        byte[] out = new byte[SegmentedGcm.maxPlainLength(sealed.length)];
        assertThat(Arrays.copyOf(out, rotated.open(sealed, 0, sealed.length, ad, out))).isEqualTo(plain);
        sealed[40] ^= 1;
        assertThatThrownBy(() -> open(sealed, ad)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void aMessageNamesItsGenerationAndOpensOnlyWithThatGenerationsKey() throws Exception {
        SecretKeySpec second = new SecretKeySpec(filled(2), "AES");
        SegmentedGcm rotated = new SegmentedGcm(Map.of(1, key, 2, second), 2);
        byte[] plain = new byte[SegmentedGcm.SEGMENT + 77];
        new Random(5).nextBytes(plain);
        byte[] before = seal(plain);
        byte[] after = new byte[SegmentedGcm.sealedLength(plain.length)];
        rotated.seal(plain, 0, plain.length, ad, after, 0);
        assertThat(Arrays.copyOfRange(after, 1, 5)).as("generation 2").containsExactly(0, 0, 0, 2);

        byte[] out = new byte[SegmentedGcm.maxPlainLength(after.length)];
        assertThat(Arrays.copyOf(out, rotated.open(before, 0, before.length, ad, out))).as("old data, new keys").isEqualTo(plain);
        assertThat(Arrays.copyOf(out, rotated.open(after, 0, after.length, ad, out))).as("new data, new keys").isEqualTo(plain);
        assertThatThrownBy(() -> open(after, ad)).as("new data, only the old key")
                .isInstanceOf(SegmentedGcm.UnknownGeneration.class).hasMessageContaining("generation 2");

        byte[] relabelled = after.clone();
        relabelled[4] = 1; // claims generation 1, whose key the old holder has
        assertThatThrownBy(() -> open(relabelled, ad)).isInstanceOf(AEADBadTagException.class);
        SegmentedGcm sameNumberOtherKey = new SegmentedGcm(Map.of(1, key, 2, new SecretKeySpec(filled(3), "AES")), 2);
        assertThatThrownBy(() -> sameNumberOtherKey.open(after, 0, after.length, ad, out)).isInstanceOf(AEADBadTagException.class);
    }

    private static byte[] filled(int value) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) value);
        return k;
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] ikm = hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = hex.parseHex("000102030405060708090a0b0c");
        byte[] info = hex.parseHex("f0f1f2f3f4f5f6f7f8f9");
        byte[] okm = SegmentedGcm.hkdfSha256(Mac.getInstance("HmacSHA256"), ikm, salt, 0, salt.length, info);
        assertThat(hex.formatHex(okm)).isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
    }

    /** Format 2 as the former code wrote it: 0x02, salt, segments under HKDF(key, salt, "arca/segmented-gcm/v2"). */
    private byte[] sealFormat2(byte[] plain) throws Exception {
        byte[] salt = new byte[32];
        new Random(6).nextBytes(salt);
        byte[] subkey = SegmentedGcm.hkdfSha256(Mac.getInstance("HmacSHA256"), key.getEncoded(), salt, 0, 32,
                "arca/segmented-gcm/v2".getBytes(StandardCharsets.US_ASCII));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2);
        out.write(salt);
        int n = Math.max(1, (plain.length + SegmentedGcm.SEGMENT - 1) / SegmentedGcm.SEGMENT);
        for (int i = 0; i < n; i++) {
            int from = i * SegmentedGcm.SEGMENT;
            byte[] nonce = new byte[12];
            int counter = i == n - 1 ? i | 0x8000_0000 : i;
            nonce[8] = (byte) (counter >>> 24);
            nonce[9] = (byte) (counter >>> 16);
            nonce[10] = (byte) (counter >>> 8);
            nonce[11] = (byte) counter;
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(subkey, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(ad);
            out.write(cipher.doFinal(plain, from, Math.min(SegmentedGcm.SEGMENT, plain.length - from)));
        }
        return out.toByteArray();
    }

    /** Format 1 as the former code wrote it: the repository key itself, nonce = prefix || counter. */
    private byte[] sealFormat1(byte[] prefix, byte[] plain) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(prefix);
        int n = Math.max(1, (plain.length + SegmentedGcm.SEGMENT - 1) / SegmentedGcm.SEGMENT);
        for (int i = 0; i < n; i++) {
            int from = i * SegmentedGcm.SEGMENT;
            int counter = i == n - 1 ? i | 0x8000_0000 : i;
            byte[] nonce = Arrays.copyOf(prefix, 12);
            nonce[8] = (byte) (counter >>> 24);
            nonce[9] = (byte) (counter >>> 16);
            nonce[10] = (byte) (counter >>> 8);
            nonce[11] = (byte) counter;
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(ad);
            out.write(cipher.doFinal(plain, from, Math.min(SegmentedGcm.SEGMENT, plain.length - from)));
        }
        return out.toByteArray();
    }
}

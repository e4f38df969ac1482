package dev.arca.repository.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.arca.api.ArcaException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

class ChunkCodecTest {
    private final RepositoryKeys keys = RepositoryKeys.generate();
    private final ChunkCodec codec = new ChunkCodec(keys);

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] text(int n) {
        byte[] line = "the quick brown fox jumps over the lazy dog 0123456789\n".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = line[i % line.length];
        }
        return b;
    }

    /** The chunk as a pack holds it: compressed (or not), then sealed. */
    byte[] stored(ChunkId id, byte[] data) {
        try (ChunkCodec.Body body = codec.compress(data, 0, data.length)) {
            byte[] out = new byte[body.storedLength()];
            codec.sealInto(id, body, out, 0);
            return out;
        }
    }

    @Test
    void compressibleChunkIsStoredCompressedAndRoundTrips() {
        byte[] data = text(100_000);
        ChunkId id = codec.id(data, 0, data.length);
        try (ChunkCodec.Body body = codec.compress(data, 0, data.length)) {
            assertThat(body.compressed()).isTrue();
        }
        byte[] stored = stored(id, data);
        assertThat(stored.length).isLessThan(data.length / 10);
        assertThat(codec.decode(id, stored, 0, stored.length, data.length, "pack p")).isEqualTo(data);
    }

    @Test
    void incompressibleChunkIsStoredRawWithFixedOverhead() {
        byte[] data = random(100_000, 1);
        ChunkId id = codec.id(data, 0, data.length);
        try (ChunkCodec.Body body = codec.compress(data, 0, data.length)) {
            assertThat(body.compressed()).isFalse();
        }
        byte[] stored = stored(id, data);
        assertThat(stored.length).isEqualTo(ChunkCodec.storedLength(data.length));
        assertThat(codec.decode(id, stored, 0, stored.length, data.length, "pack p")).isEqualTo(data);
    }

    @Test
    void atMostCompressingBodiesAreOpenAndAClosedBodysBufferIsLentAgain() throws Exception {
        byte[] data = text(200_000);
        ChunkId id = codec.id(data, 0, data.length);
        List<ChunkCodec.Body> open = new ArrayList<>();
        for (int i = 0; i < ChunkCodec.COMPRESSING; i++) {
            open.add(codec.compress(data, 0, data.length));
        }
        CompletableFuture<ChunkCodec.Body> waiting = CompletableFuture.supplyAsync(() -> codec.compress(data, 0, data.length));
        Thread.sleep(200);
        assertThat(waiting).as("one body more than COMPRESSING waits").isNotDone();

        ChunkCodec.Body first = open.remove(0);
        byte[] lent = first.plain();
        first.close();
        ChunkCodec.Body next = waiting.get(30, TimeUnit.SECONDS);
        assertThat(next.plain()).as("the closed body's buffer, lent to another thread").isSameAs(lent);
        open.add(next);
        assertThatThrownBy(() -> codec.sealInto(id, first, new byte[first.storedLength()], 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("after it was closed");

        first.close(); // a second close gives nothing back
        CompletableFuture<ChunkCodec.Body> again = CompletableFuture.supplyAsync(() -> codec.compress(data, 0, data.length));
        Thread.sleep(200);
        assertThat(again).as("closing a body twice did not free a second place").isNotDone();
        open.forEach(ChunkCodec.Body::close);
        try (ChunkCodec.Body last = again.get(30, TimeUnit.SECONDS)) {
            byte[] out = new byte[last.storedLength()];
            codec.sealInto(id, last, out, 0);
            assertThat(codec.decode(id, out, 0, out.length, data.length, "pack p")).isEqualTo(data);
        }
    }

    @Test
    void encodingTwiceUsesFreshNonces() {
        byte[] data = random(1000, 2);
        ChunkId id = codec.id(data, 0, data.length);
        assertThat(stored(id, data)).isNotEqualTo(stored(id, data));
    }

    @Test
    void aReusedBufferHoldsEachChunkExactlyAndKeepsItsArrayWhenLargeEnough() {
        ChunkBuffer buffer = new ChunkBuffer();
        byte[][] chunks = {text(300_000), random(70_000, 9), new byte[0], text(1000), random(300_001, 10)};
        byte[] previous = null;
        for (byte[] data : chunks) {
            ChunkId id = codec.id(data, 0, data.length);
            byte[] stored = stored(id, data);
            codec.decode(id, stored, 0, stored.length, data.length, "pack p", buffer);
            assertThat(buffer.length()).isEqualTo(data.length);
            assertThat(Arrays.copyOf(buffer.array(), buffer.length())).isEqualTo(data);
            if (previous != null && data.length <= previous.length) {
                assertThat(buffer.array()).as("a smaller chunk reuses the array").isSameAs(previous);
            }
            previous = buffer.array();
        }
    }

    @Test
    void aChunkDecodesOverItsStoredFormInTheSameBuffer() {
        ChunkBuffer buffer = new ChunkBuffer();
        ChunkCodec decoder = new ChunkCodec(keys); // its scratch is not the one sealing used
        // compressed (stored shorter than the plaintext) and raw (stored longer), growing and shrinking the array
        byte[][] chunks = {text(300_000), random(200_000, 12), text(5_000), random(400_000, 13), new byte[0]};
        for (byte[] data : chunks) {
            ChunkId id = codec.id(data, 0, data.length);
            byte[] stored = stored(id, data);
            byte[] array = buffer.reset(stored.length);
            System.arraycopy(stored, 0, array, 0, stored.length); // as the pack store reads it
            decoder.decode(id, array, 0, stored.length, data.length, "pack p", buffer);
            assertThat(Arrays.copyOf(buffer.array(), buffer.length())).as("%d bytes", data.length).isEqualTo(data);
        }
        // decoded in place, a raw chunk never went through the scratch, a compressed one only as compressed bytes
        assertThat(decoder.scratchCapacity()).isLessThan(100_000);

        byte[] data = random(300_000, 14);
        ChunkId id = codec.id(data, 0, data.length);
        byte[] stored = stored(id, data);
        for (int at : new int[] {10, stored.length / 2, stored.length - 1}) { // header, a middle segment, the last tag
            byte[] array = buffer.reset(stored.length);
            System.arraycopy(stored, 0, array, 0, stored.length);
            array[at] ^= 1;
            assertThatThrownBy(() -> decoder.decode(id, array, 0, stored.length, data.length, "pack p", buffer))
                    .as("byte %d altered", at).isInstanceOf(ArcaException.Corrupt.class);
        }
        byte[] shifted = buffer.reset(stored.length + 9); // in place, the stored form further in its array
        System.arraycopy(stored, 0, shifted, 9, stored.length);
        decoder.decode(id, shifted, 9, stored.length, data.length, "pack p", buffer);
        assertThat(Arrays.copyOf(buffer.array(), buffer.length())).as("at offset 9").isEqualTo(data);
        assertThat(decoder.scratchCapacity()).isLessThan(100_000);

        decoder.decode(id, stored, 0, stored.length, data.length, "pack p", buffer); // not in place: through the scratch
        assertThat(decoder.scratchCapacity()).isGreaterThanOrEqualTo(data.length);
    }

    @Test
    void aBufferNeverWritesIntoAnArrayItWasHanded() {
        byte[] kept = random(1000, 11); // e.g. a store's own copy, handed out by get(id)
        byte[] copy = kept.clone();
        ChunkBuffer buffer = new ChunkBuffer();
        buffer.adopt(kept);
        byte[] data = text(500);
        ChunkId id = codec.id(data, 0, data.length);
        byte[] stored = stored(id, data);
        codec.decode(id, stored, 0, stored.length, data.length, "pack p", buffer);
        assertThat(Arrays.copyOf(buffer.array(), buffer.length())).isEqualTo(data);
        assertThat(kept).as("the handed array is untouched").isEqualTo(copy);

        byte[] handedStored = stored.clone(); // a stored form in an array the buffer was handed: not decrypted in place
        buffer.adopt(handedStored);
        codec.decode(id, handedStored, 0, stored.length, data.length, "pack p", buffer);
        assertThat(Arrays.copyOf(buffer.array(), buffer.length())).isEqualTo(data);
        assertThat(handedStored).as("the handed stored form is untouched").isEqualTo(stored);
    }

    @Test
    void anyTamperedByteIsCorruptNamingChunkAndPack() {
        byte[] data = text(5000);
        ChunkId id = codec.id(data, 0, data.length);
        byte[] stored = stored(id, data);
        for (int pos : new int[] {0, 11, 12, 13, stored.length / 2, stored.length - 1}) {
            byte[] bad = stored.clone();
            bad[pos] ^= 0x40;
            assertThatThrownBy(() -> codec.decode(id, bad, 0, bad.length, data.length, "pack abc"))
                    .isInstanceOf(ArcaException.Corrupt.class)
                    .hasMessageContaining(id.toString()).hasMessageContaining("pack abc");
        }
    }

    @Test
    void wrongIdOrWrongKeyIsCorrupt() {
        byte[] data = random(300, 3);
        ChunkId id = codec.id(data, 0, data.length);
        byte[] stored = stored(id, data);
        ChunkId other = codec.id(data, 1, data.length - 1);
        assertThatThrownBy(() -> codec.decode(other, stored, 0, stored.length, data.length, "pack p"))
                .isInstanceOf(ArcaException.Corrupt.class);
        ChunkCodec stranger = new ChunkCodec(RepositoryKeys.generate());
        assertThatThrownBy(() -> stranger.decode(id, stored, 0, stored.length, data.length, "pack p"))
                .isInstanceOf(ArcaException.Corrupt.class);
        assertThatThrownBy(() -> codec.decode(id, stored, 0, 10, data.length, "pack p"))
                .isInstanceOf(ArcaException.Corrupt.class);
    }

    @Test
    void idsAreEqualForEqualDataAndDifferAcrossRepositories() {
        byte[] data = text(4096);
        byte[] copy = Arrays.copyOf(data, data.length);
        assertThat(codec.id(data, 0, data.length)).isEqualTo(new ChunkCodec(keys, 0).id(copy, 0, copy.length));
        assertThat(codec.id(data, 0, data.length)).isNotEqualTo(new ChunkCodec(RepositoryKeys.generate()).id(data, 0, data.length));
        assertThat(codec.id(data, 0, 100)).isNotEqualTo(codec.id(data, 0, 101));
    }

    @Test
    void sealedBlobsOpenOnlyWithTheSameKeyAndAssociatedData() {
        byte[] plain = "{\"snapshot\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] ad = "arca/manifest/v1".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = codec.seal(plain, ad);
        assertThat(codec.open(sealed, ad)).isEqualTo(plain);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("snapshot");
        assertThatThrownBy(() -> codec.open(sealed, "other".getBytes(StandardCharsets.UTF_8), "manifest m"))
                .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("manifest m");
        assertThatThrownBy(() -> new ChunkCodec(RepositoryKeys.generate()).open(sealed, ad))
                .isInstanceOf(ArcaException.Corrupt.class);
    }

    @Test
    void everyByteArrayRoundTrips() {
        qt().withExamples(300).forAll(
                Generate.byteArrays(SourceDSL.integers().between(0, 3000), Generate.bytes((byte) 0, (byte) 3, (byte) 0)),
                SourceDSL.integers().between(0, 1))
            .checkAssert((data, mode) -> {
                byte[] input = mode == 0 ? data : random(data.length, data.length);
                ChunkId id = codec.id(input, 0, input.length);
                byte[] stored = stored(id, input);
                assertThat(codec.decode(id, stored, 0, stored.length, input.length, "pack p")).isEqualTo(input);
            });
    }
}

package dev.arca.repository.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastCdcTest {
    private static final ChunkerParams SMALL = new ChunkerParams(2048, 8192, 32768);

    @Test
    void cutsTheSameInputAtTheSamePlacesHoweverItIsReadInPieces() {
        byte[] data = random(1, 1 << 20);
        FastCdc cdc = new FastCdc(SMALL);
        List<Integer> whole = cuts(cdc, data);
        qt().withExamples(40)
                .forAll(integers().between(1, 70_000), longs().all(), integers().between(SMALL.max(), 3 * SMALL.max()))
                .checkAssert((maxRead, seed, bufSize) ->
                        assertThat(streamedCuts(cdc, data, maxRead, seed, bufSize)).isEqualTo(whole));
    }

    /** What the streaming writer relies on: it cuts what it has buffered and reads on only when no cut was found. */
    @Test
    void aCutFoundInFewerThanMaxBytesIsWhereItIsWithMoreBytes() {
        FastCdc cdc = new FastCdc(new ChunkerParams(64, 256, 1024));
        SplittableRandom r = new SplittableRandom(7);
        for (int t = 0; t < 600; t++) {
            byte[] d = random(t, 1200);
            if (t % 3 == 1) { // low entropy: cuts far apart, often the loose mask's after avg
                for (int i = 0; i < d.length; i++) {
                    d[i] &= 1;
                }
            }
            int off = r.nextInt(100);
            int full = cdc.cut(d, off, d.length - off);
            for (int len = 1; len < 1024; len++) {
                int n = cdc.cut(d, off, len);
                if (n < len) {
                    assertThat(n).as("try %d, %d bytes", t, len).isEqualTo(full);
                } else {
                    assertThat(n).as("try %d, %d bytes: no cut yet", t, len).isLessThanOrEqualTo(full);
                }
            }
        }
    }

    @Test
    void theGearTableIsFixedSoCutsAreStableAcrossRunsAndInstances() {
        byte[] data = xorshiftBytes(1 << 20);
        assertThat(cuts(new FastCdc(SMALL), data)).isEqualTo(cuts(new FastCdc(SMALL), data));
        // A fingerprint of the cut points: a change to the gear table or the masks changes the
        // repository format (no more dedup against older snapshots), and must fail here first.
        List<Integer> first = cuts(new FastCdc(SMALL), data).subList(0, 5);
        assertThat(first).isEqualTo(List.of(EXPECTED_FIRST_CUTS));
    }

    private static final Integer[] EXPECTED_FIRST_CUTS = {9197, 9010, 5445, 15289, 10956};

    @Test
    void everyChunkButTheLastIsWithinMinAndMax() {
        for (long seed = 0; seed < 4; seed++) {
            byte[] data = random(seed, (1 << 20) + 12345);
            List<Integer> cuts = cuts(new FastCdc(SMALL), data);
            assertThat(cuts.subList(0, cuts.size() - 1)).allSatisfy(len -> assertThat(len).isBetween(SMALL.min(), SMALL.max()));
            assertThat(cuts.get(cuts.size() - 1)).isBetween(1, SMALL.max());
            assertThat(cuts.stream().mapToLong(Integer::longValue).sum()).isEqualTo(data.length);
        }
    }

    @Test
    void cutsAtMaxWhenTheContentHasNoCutPoint() {
        byte[] zeros = new byte[5 * SMALL.max() + 7];
        List<Integer> cuts = cuts(new FastCdc(SMALL), zeros);
        assertThat(cuts).containsExactly(SMALL.max(), SMALL.max(), SMALL.max(), SMALL.max(), SMALL.max(), 7);
    }

    @Test
    void offersShortInputWholeAndNeverReadsOutsideTheGivenRange() {
        FastCdc cdc = new FastCdc(SMALL);
        byte[] data = random(3, 4 * SMALL.max());
        assertThat(cdc.cut(data, 100, 0)).isZero();
        assertThat(cdc.cut(data, 100, SMALL.min())).isEqualTo(SMALL.min());
        assertThat(cdc.cut(data, 100, SMALL.min() + 1)).isEqualTo(SMALL.min() + 1);
        int n = cdc.cut(data, 5, 3 * SMALL.max());
        assertThat(n).isBetween(SMALL.min() + 1, SMALL.max());
        // the cut is relative to off: the same bytes elsewhere in a bigger array cut the same
        byte[] shifted = new byte[data.length + 99];
        System.arraycopy(data, 5, shifted, 99, data.length - 5);
        assertThat(cdc.cut(shifted, 99, 3 * SMALL.max())).isEqualTo(n);
    }

    @Test
    void averageChunkSizeIsNearTheTargetOnRandomData() {
        byte[] data = random(11, 64 << 20);
        List<Integer> cuts = cuts(new FastCdc(SMALL), data);
        double mean = (double) data.length / cuts.size();
        assertThat(mean).isBetween(SMALL.avg() * 0.7, SMALL.avg() * 1.3);
        // normalised chunking: most chunks are between avg/2 and 2 avg
        long central = cuts.stream().filter(len -> len >= SMALL.avg() / 2 && len <= 2 * SMALL.avg()).count();
        assertThat((double) central / cuts.size()).isGreaterThan(0.6);
    }

    @Test
    void chunksResynchroniseAfterAnInsertOrADeleteInTheMiddle() {
        byte[] data = random(5, 8 << 20);
        FastCdc cdc = new FastCdc(SMALL);
        Set<ByteBuffer> before = chunkSet(data, cuts(cdc, data));

        byte[] inserted = new byte[data.length + 3];
        int at = data.length / 2;
        System.arraycopy(data, 0, inserted, 0, at);
        inserted[at] = 1;
        inserted[at + 1] = 2;
        inserted[at + 2] = 3;
        System.arraycopy(data, at, inserted, at + 3, data.length - at);
        assertMostlyShared(before, chunkSet(inserted, cuts(cdc, inserted)));

        byte[] deleted = new byte[data.length - 100];
        System.arraycopy(data, 0, deleted, 0, at);
        System.arraycopy(data, at + 100, deleted, at, data.length - at - 100);
        assertMostlyShared(before, chunkSet(deleted, cuts(cdc, deleted)));
    }

    @Test
    void chunksResynchroniseAfterAPrefixIsAdded() {
        byte[] data = random(6, 4 << 20);
        FastCdc cdc = new FastCdc(SMALL);
        byte[] prefixed = new byte[data.length + 17];
        System.arraycopy(data, 0, prefixed, 17, data.length);
        assertMostlyShared(chunkSet(data, cuts(cdc, data)), chunkSet(prefixed, cuts(cdc, prefixed)));
    }

    private static void assertMostlyShared(Set<ByteBuffer> before, Set<ByteBuffer> after) {
        Set<ByteBuffer> shared = new HashSet<>(after);
        shared.retainAll(before);
        assertThat((double) shared.size() / before.size()).isGreaterThanOrEqualTo(0.9);
        // an edit touches a few chunks, not a fixed share of them
        assertThat(before.size() - shared.size()).isLessThanOrEqualTo(4);
    }

    static List<Integer> cuts(FastCdc cdc, byte[] data) {
        List<Integer> cuts = new ArrayList<>();
        for (int off = 0; off < data.length; ) {
            int n = cdc.cut(data, off, data.length - off);
            cuts.add(n);
            off += n;
        }
        return cuts;
    }

    /** Cuts as a streaming caller does: a bounded buffer, refilled by reads of random sizes. */
    private static List<Integer> streamedCuts(FastCdc cdc, byte[] data, int maxRead, long seed, int bufSize) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] buf = new byte[bufSize];
        List<Integer> cuts = new ArrayList<>();
        int start = 0;
        int end = 0;
        int pos = 0;
        while (true) {
            while (pos < data.length && end - start < cdc.params().max()) {
                if (end == buf.length) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                int n = Math.min(Math.min(1 + rnd.nextInt(maxRead), buf.length - end), data.length - pos);
                System.arraycopy(data, pos, buf, end, n);
                pos += n;
                end += n;
            }
            if (end == start) {
                return cuts;
            }
            int n = cdc.cut(buf, start, end - start);
            cuts.add(n);
            start += n;
        }
    }

    /** The chunks as values (a ByteBuffer's equals compares content). */
    private static Set<ByteBuffer> chunkSet(byte[] data, List<Integer> cuts) {
        Set<ByteBuffer> set = new HashSet<>();
        int off = 0;
        for (int n : cuts) {
            set.add(ByteBuffer.wrap(Arrays.copyOfRange(data, off, off + n)));
            off += n;
        }
        return set;
    }

    /** Bytes from a generator spelled out here, so the fingerprint does not depend on the JDK's. */
    private static byte[] xorshiftBytes(int size) {
        byte[] data = new byte[size];
        long x = 88172645463325252L;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            data[i] = (byte) (x >>> 56);
        }
        return data;
    }

    static byte[] random(long seed, int size) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }
}

package dev.arca.repository.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChunkIndexTest {
    private final Random random = new Random(42);
    private final String older = pack(1_000);
    private final String newer = pack(2_000);

    private static String pack(long millis) {
        return "0".repeat(48) + String.format("%016x", millis); // 48 random digits, then the creation time
    }

    private ChunkId randomId() {
        return new ChunkId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }

    private ChunkLocation randomLocation(String pack) {
        return new ChunkLocation(pack, random.nextInt(1 << 24), ChunkCodec.MIN_STORED + random.nextInt(1 << 20),
                random.nextInt(1 << 22), random.nextBoolean());
    }

    private static ChunkTable.Entries entries(Map<ChunkId, ChunkLocation> map) {
        ChunkTable.Entries e = new ChunkTable.Entries(0);
        map.forEach(e::add);
        return e;
    }

    @Test
    void findsEveryEntryOfEveryPartAndNothingElse() {
        List<Map<ChunkId, ChunkLocation>> parts = new ArrayList<>();
        Map<ChunkId, ChunkLocation> all = new HashMap<>();
        for (int p = 0; p < 7; p++) {
            Map<ChunkId, ChunkLocation> part = new LinkedHashMap<>();
            String pack = pack(5_000 + p);
            for (int i = 0; i < 1_000 + 313 * p; i++) {
                part.put(randomId(), randomLocation(pack));
            }
            parts.add(part);
            all.putAll(part);
        }
        // ids that share their first long fall in one bucket; an id with its top bit set sorts last unsigned
        ChunkId base = randomId();
        for (int i = 0; i < 20; i++) {
            ChunkId id = new ChunkId(base.a(), base.b(), base.c(), base.d() + i);
            ChunkLocation loc = randomLocation(older);
            parts.get(0).put(id, loc);
            all.put(id, loc);
        }
        ChunkTable table = ChunkTable.build(parts.stream().map(ChunkIndexTest::entries).toList());

        assertThat(table.size()).isEqualTo(all.size());
        all.forEach((id, loc) -> assertThat(table.get(id)).as("chunk %s", id).isEqualTo(loc));
        for (int i = 0; i < 1_000; i++) {
            assertThat(table.get(randomId())).isNull();
        }
        assertThat(table.get(new ChunkId(base.a(), base.b(), base.c(), base.d() + 20))).isNull();
        Map<ChunkId, ChunkLocation> seen = new HashMap<>();
        table.forEach((id, loc) -> assertThat(seen.put(id, loc)).isNull());
        assertThat(seen).isEqualTo(all);
    }

    @Test
    void aChunkInSeveralPacksIsWhereTheNewestPackHasIt() {
        ChunkId shared = randomId();
        ChunkLocation inOlder = randomLocation(older);
        ChunkLocation inNewer = randomLocation(newer);
        for (List<Map<ChunkId, ChunkLocation>> order : List.of(
                List.of(Map.of(shared, inOlder), Map.of(shared, inNewer)),
                List.of(Map.of(shared, inNewer), Map.of(shared, inOlder)))) {
            Map<ChunkId, ChunkLocation> others = new HashMap<>();
            for (int i = 0; i < 100; i++) {
                others.put(randomId(), randomLocation(older));
            }
            List<ChunkTable.Entries> parts = new ArrayList<>(order.stream().map(ChunkIndexTest::entries).toList());
            parts.add(entries(others));
            ChunkTable table = ChunkTable.build(parts);
            assertThat(table.get(shared)).isEqualTo(inNewer);
            assertThat(table.size()).isEqualTo(101);
            others.forEach((id, loc) -> assertThat(table.get(id)).isEqualTo(loc)); // buckets recounted after the drop
        }
    }

    @Test
    void emptyAndSingleTablesAnswer() {
        assertThat(ChunkTable.EMPTY.size()).isZero();
        assertThat(ChunkTable.EMPTY.get(randomId())).isNull();
        ChunkId id = randomId();
        ChunkLocation loc = randomLocation(older);
        ChunkIndex one = ChunkIndex.of(Map.of(id, loc));
        assertThat(one.get(id)).isEqualTo(loc);
        assertThat(one.size()).isEqualTo(1);
        assertThat(one.contains(randomId())).isFalse();
    }

    @Test
    void chunksAddedAreFoundBeforeAndAfterTheyAreFolded() {
        ChunkIndex index = new ChunkIndex(ChunkTable.EMPTY, 8);
        Map<ChunkId, ChunkLocation> all = new HashMap<>();
        for (int batch = 0; batch < 50; batch++) {
            Map<ChunkId, ChunkLocation> located = new HashMap<>();
            for (int i = 0; i < 1 + batch % 7; i++) {
                located.put(randomId(), randomLocation(pack(10_000 + batch)));
            }
            index.putAll(located);
            all.putAll(located);
            assertThat(index.size()).isEqualTo(all.size());
            all.forEach((id, loc) -> assertThat(index.get(id)).isEqualTo(loc));
        }
        Map<ChunkId, ChunkLocation> seen = new HashMap<>();
        index.forEach(seen::put);
        assertThat(seen).isEqualTo(all);
    }

    @Test
    void aChunkStoredAgainIsWhereItWasStoredLast() {
        ChunkId id = randomId();
        ChunkIndex index = ChunkIndex.of(Map.of(id, randomLocation(older)));
        ChunkLocation again = randomLocation(newer);
        index.putAll(Map.of(id, again));
        assertThat(index.get(id)).isEqualTo(again);
        Map<ChunkId, ChunkLocation> seen = new HashMap<>();
        index.forEach((k, v) -> assertThat(seen.put(k, v)).isNull());
        assertThat(seen).containsExactly(Map.entry(id, again));
    }

    @Test
    void readersNeverMissAChunkWhileFoldsReplaceTheTable() throws Exception {
        ChunkIndex index = new ChunkIndex(ChunkTable.EMPTY, 16);
        List<ChunkId> added = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger misses = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                running.add(readers.submit(() -> {
                    while (!done.get()) {
                        int known = added.size();
                        for (int i = Math.max(0, known - 200); i < known; i++) {
                            lookups.incrementAndGet();
                            if (index.get(added.get(i)) == null) {
                                misses.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            Random writer = new Random(7);
            for (int batch = 0; batch < 400; batch++) {
                Map<ChunkId, ChunkLocation> located = new HashMap<>();
                for (int i = 0; i < 10; i++) {
                    located.put(new ChunkId(writer.nextLong(), writer.nextLong(), writer.nextLong(), writer.nextLong()),
                            new ChunkLocation(newer, i * 100, ChunkCodec.MIN_STORED + 10, 50, false));
                }
                index.putAll(located);
                added.addAll(located.keySet());
            }
            done.set(true);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            done.set(true);
            readers.shutdownNow();
        }
        assertThat(lookups.get()).isPositive();
        assertThat(misses.get()).isZero();
        assertThat(index.size()).isEqualTo(4_000);
    }

    @Test
    void replaceWithForgetsWhatTheOtherIndexDoesNotHold() {
        ChunkId kept = randomId();
        ChunkId gone = randomId();
        ChunkId added = randomId();
        ChunkIndex index = ChunkIndex.of(Map.of(kept, randomLocation(older), gone, randomLocation(older)));
        index.putAll(Map.of(added, randomLocation(older)));
        ChunkLocation moved = randomLocation(newer);
        index.replaceWith(ChunkIndex.of(Map.of(kept, moved)));
        assertThat(index.get(kept)).isEqualTo(moved);
        assertThat(index.get(gone)).isNull();
        assertThat(index.get(added)).isNull();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void replaceWithKeepsWhatWasAddedSinceTheMarkWhichNothingFoldsMeanwhile() {
        ChunkId before = randomId();
        ChunkId listed = randomId();
        ChunkIndex index = new ChunkIndex(ChunkTable.EMPTY, 2);
        index.putAll(Map.of(before, randomLocation(older)));
        index.markForReplace();
        ChunkTable marked = index.table();
        Map<ChunkId, ChunkLocation> during = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            during.put(randomId(), randomLocation(newer));
        }
        during.forEach((id, loc) -> index.putAll(Map.of(id, loc))); // past foldAt (2): unmarked, they would fold
        assertThat(index.table()).isSameAs(marked);
        index.replaceWith(ChunkIndex.of(Map.of(listed, randomLocation(newer))));
        assertThat(index.get(before)).isNull(); // added before the files were read, and not in them: forgotten
        assertThat(index.get(listed)).isNotNull();
        during.forEach((id, loc) -> assertThat(index.get(id)).isEqualTo(loc));
        ChunkTable replaced = index.table();
        index.putAll(Map.of(randomId(), randomLocation(newer))); // unmarked again: 6 in the map fold
        assertThat(index.table()).isNotSameAs(replaced);
        assertThat(index.table().size()).isEqualTo(7);
        during.forEach((id, loc) -> assertThat(index.get(id)).isEqualTo(loc));

        ChunkId after = randomId(); // the mark is spent: the next replacement forgets again
        index.putAll(Map.of(after, randomLocation(newer)));
        index.replaceWith(ChunkIndex.of(Map.of(listed, randomLocation(newer))));
        assertThat(index.get(after)).isNull();
        assertThat(index.size()).isEqualTo(1);

        index.markForReplace();
        index.abandonReplace(); // a failed read: nothing is kept for a later replacement
        index.putAll(Map.of(after, randomLocation(newer)));
        index.replaceWith(ChunkIndex.of(Map.of(listed, randomLocation(newer))));
        assertThat(index.get(after)).isNull();
    }

    @Test
    void anIndexFileThatLiesAboutItsLengthIsCorruptAndSaysHow() {
        Map<ChunkId, ChunkLocation> map = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            map.put(randomId(), randomLocation(older));
        }
        byte[] plain = IndexFile.encode(map);
        ChunkTable.Entries read = new ChunkTable.Entries(0);
        IndexFile.decode(plain, "index x", read);
        assertThat(read.size()).isEqualTo(3);

        byte[] truncated = java.util.Arrays.copyOf(plain, plain.length - 1);
        byte[] trailing = java.util.Arrays.copyOf(plain, plain.length + 1);
        byte[] tooMany = plain.clone();
        int countAt = 4 + 4 + 2 + 64; // magic, pack count, UTF length and id of the one pack
        ByteBuffer.wrap(tooMany).putInt(countAt, 1_000_000);
        for (byte[] bad : List.of(truncated, trailing, tooMany)) {
            assertThatThrownBy(() -> IndexFile.decode(bad, "index x", new ChunkTable.Entries(0)))
                    .isInstanceOf(ArcaException.Corrupt.class)
                    .hasMessageStartingWith("index x is truncated or malformed (")
                    .hasMessageEndingWith("); restore it from a copy")
                    .hasMessageNotContaining("null");
        }
        byte[] badPack = plain.clone();
        badPack[10] = 'Z';
        assertThatThrownBy(() -> IndexFile.decode(badPack, "index x", new ChunkTable.Entries(0)))
                .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("impossible pack");
        assertThat(Instant.ofEpochMilli(1_000)).isEqualTo(RepositoryLayout.created(older));
    }
}

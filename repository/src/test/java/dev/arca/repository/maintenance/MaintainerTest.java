package dev.arca.repository.maintenance;

import dev.arca.testkit.time.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.Indexes;
import dev.arca.repository.content.InstrumentedStore;
import dev.arca.repository.content.PackOptions;
import dev.arca.repository.content.PackedContentStore;
import dev.arca.repository.content.RepositoryKeys;
import dev.arca.repository.content.RepositoryLayout;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintainerTest {
    static final Duration DELAY = Duration.ofHours(24);

    @TempDir
    Path dir;
    final RepositoryKeys keys = RepositoryKeys.generate();
    final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    FilesystemObjectStore fs;
    PackOptions storeOptions;
    Maintainer.Options options;

    @BeforeEach
    void setUp() {
        fs = new FilesystemObjectStore(dir);
        storeOptions = PackOptions.defaults().withPackSize(8192).withClock(clock);
        options = Maintainer.Options.defaults().withSafetyDelay(DELAY).withClock(clock).withPackSize(8192);
    }

    static byte[] chunk(long seed) {
        byte[] b = new byte[1000];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Puts chunks for the seeds, flushing after each group, and returns seed → id. */
    Map<Long, ChunkId> put(ObjectStore store, List<List<Long>> groups) {
        Map<Long, ChunkId> ids = new HashMap<>();
        try (PackedContentStore content = PackedContentStore.open(keys, store, storeOptions)) {
            for (List<Long> group : groups) {
                for (long seed : group) {
                    byte[] d = chunk(seed);
                    ids.put(seed, content.put(d, 0, d.length));
                }
                content.flush();
            }
        }
        return ids;
    }

    static List<Long> seeds(long from, long to, long step) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s < to; s += step) {
            out.add(s);
        }
        return out;
    }

    LiveChunks liveOf(Map<Long, ChunkId> ids, List<Long> seeds) {
        return sink -> seeds.forEach(s -> sink.accept(ids.get(s)));
    }

    long packBytes() {
        return fs.list(RepositoryLayout.PACKS).stream().mapToLong(ObjectStore.ObjectInfo::size).sum();
    }

    void assertReadable(Map<Long, ChunkId> ids, List<Long> present, List<Long> absent) {
        try (PackedContentStore content = PackedContentStore.open(keys, fs, storeOptions)) {
            for (long s : present) {
                assertThat(content.get(ids.get(s))).isEqualTo(chunk(s));
            }
            for (long s : absent) {
                assertThat(content.contains(ids.get(s))).as("chunk of seed %d", s).isFalse();
            }
        }
    }

    @Test
    void dropsUnreferencedChunksOnlyAfterTheSafetyDelayAndMergesIndexes() {
        List<Long> live = seeds(0, 20, 1);
        List<Long> dead = seeds(100, 120, 1);
        Map<Long, ChunkId> ids = put(fs, List.of(live, dead));
        int indexesBefore = Indexes.list(fs).size();
        assertThat(indexesBefore).isGreaterThan(2);

        clock.advance(Duration.ofHours(1));
        MaintenanceReport early = new Maintainer(keys, fs, options).run(liveOf(ids, live));
        assertThat(early.chunksDropped()).isZero();
        assertThat(early.packsDeleted()).isZero();
        assertThat(early.indexesMerged()).isEqualTo(indexesBefore);
        assertThat(Indexes.list(fs)).hasSize(1);
        assertReadable(ids, dead, List.of());

        clock.advance(DELAY);
        long before = packBytes();
        MaintenanceReport late = new Maintainer(keys, fs, options).run(liveOf(ids, live));
        assertThat(late.chunksDropped()).isEqualTo(20);
        assertThat(late.packsDeleted()).isGreaterThan(0);
        assertThat(late.packBytesBefore()).isEqualTo(before);
        assertThat(late.packBytesAfter()).isEqualTo(packBytes()).isLessThan(before * 6 / 10);
        assertReadable(ids, live, dead);
        assertThat(new Verifier(keys, fs, 2).verify(1.0).problems()).isEmpty();
    }

    @Test
    void rewritesSparsePacksAndTheirLiveChunksStayReadable() {
        List<Long> all = seeds(0, 60, 1);
        List<Long> live = seeds(0, 60, 3);
        List<Long> dead = new ArrayList<>(all);
        dead.removeAll(live);
        Map<Long, ChunkId> ids = put(fs, List.of(all));
        int packsBefore = fs.list(RepositoryLayout.PACKS).size();

        clock.advance(DELAY.plusMinutes(1));
        MaintenanceReport report = new Maintainer(keys, fs, options).run(liveOf(ids, live));
        assertThat(report.packsRewritten()).isEqualTo(packsBefore);
        assertThat(report.chunksDropped()).isEqualTo(dead.size());
        assertThat(report.packsAfter()).isEqualTo(fs.list(RepositoryLayout.PACKS).size()).isLessThan(packsBefore);
        assertThat(report.packBytesAfter()).isEqualTo(packBytes()).isLessThan(report.packBytesBefore() / 2);
        assertReadable(ids, live, dead);
        VerifyReport verify = new Verifier(keys, fs, 2).verify(1.0);
        assertThat(verify.problems()).isEmpty();
        assertThat(verify.chunksRead()).isEqualTo(live.size());
    }

    @Test
    void keepsWhatARunningBackupJustStoredEvenIfNoSnapshotNamesItYet() {
        List<Long> old = seeds(0, 20, 1);
        Map<Long, ChunkId> ids = put(fs, List.of(old));
        clock.advance(DELAY.plusHours(1));
        List<Long> fresh = seeds(200, 220, 1);
        ids.putAll(put(fs, List.of(fresh)));
        clock.advance(Duration.ofMinutes(5));

        MaintenanceReport report = new Maintainer(keys, fs, options).run(liveOf(ids, old));
        assertThat(report.chunksDropped()).isZero();
        assertReadable(ids, fresh, List.of());
    }

    @Test
    void deletesOrphanPacksOfACrashedBackupOnlyAfterTheSafetyDelay() {
        List<Long> live = seeds(0, 10, 1);
        Map<Long, ChunkId> ids = put(fs, List.of(live));
        InstrumentedStore dying = new InstrumentedStore(fs).killAtIndexWrite(1);
        try {
            put(dying, List.of(seeds(300, 330, 1)));
        } catch (RuntimeException expected) {
            // the simulated crash
        }
        assertThat(new Verifier(keys, fs, 1).verify(0).problems())
                .extracting(VerifyReport.Problem::kind).containsOnly(VerifyReport.Kind.UNINDEXED_PACK);
        int packs = fs.list(RepositoryLayout.PACKS).size();

        clock.advance(Duration.ofHours(2));
        assertThat(new Maintainer(keys, fs, options).run(liveOf(ids, live)).orphanPacksDeleted()).isZero();
        assertThat(fs.list(RepositoryLayout.PACKS)).hasSize(packs);

        clock.advance(DELAY);
        MaintenanceReport report = new Maintainer(keys, fs, options).run(liveOf(ids, live));
        assertThat(report.orphanPacksDeleted()).isPositive();
        assertThat(fs.list(RepositoryLayout.PACKS)).hasSize(packs - report.orphanPacksDeleted());
        assertThat(new Verifier(keys, fs, 1).verify(1.0).ok()).isTrue();
        assertReadable(ids, live, List.of());
    }
}

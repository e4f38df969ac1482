package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.MemoryContentStore;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectWriter;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    /** Prefixes the associated data and checks it on open: enough to prove it is bound and checked. */
    static final Sealer BINDING = new Sealer() {
        @Override
        public byte[] seal(byte[] plain, byte[] ad) {
            return ByteBuffer.allocate(4 + ad.length + plain.length).putInt(ad.length).put(ad).put(plain).array();
        }

        @Override
        public byte[] open(byte[] sealed, byte[] ad) {
            ByteBuffer buf = ByteBuffer.wrap(sealed);
            byte[] bound = new byte[buf.getInt()];
            buf.get(bound);
            if (!Arrays.equals(bound, ad)) {
                throw new ArcaException.Corrupt("associated data mismatch");
            }
            return Arrays.copyOfRange(sealed, 4 + bound.length, sealed.length);
        }
    };

    @TempDir
    Path tmp;

    final ExecutorService pool = Executors.newFixedThreadPool(2);
    final MemoryContentStore content = new MemoryContentStore();
    final Snapshotter snapshotter = new Snapshotter(content, new ObjectWriter(content, SnapshotRoundTripTest.SMALL),
            pool, 2, Clock.systemUTC());
    FilesystemObjectStore objects;
    SnapshotStore snapshots;
    Path source;

    @BeforeEach
    void open() throws IOException {
        objects = new FilesystemObjectStore(tmp.resolve("location"));
        snapshots = new SnapshotStore(objects, BINDING, new ObjectReader(content));
        source = tmp.resolve("source");
        TreeFixture.build(source, 11);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    SnapshotManifest take(String volume, SnapshotManifest parent) {
        return snapshotter.snapshot(new SnapshotRequest(source, volume, "nightly", Map.of("app", "shop"), parent))
                .manifest();
    }

    static SnapshotManifest at(SnapshotManifest m, String id, String volume, Instant time) {
        return new SnapshotManifest(id, volume, m.backupName(), time, m.root(), m.stats(), m.parentId(), m.tags(),
                m.hostname(), m.sourcePath());
    }

    @Test
    void savesAndLoadsAManifestUnchangedUnderItsKeySealed() {
        SnapshotManifest first = take("shop/data", null);
        SnapshotManifest second = take("shop/data", first);

        snapshots.save(second);

        assertThat(snapshots.load(second.id())).isEqualTo(second);
        assertThat(objects.exists("repository/snapshots/" + second.id())).isTrue();
        assertThat(objects.getBytes("repository/snapshots/" + second.id()))
                .startsWith(0, 0, 0, 53, 'r', 'e', 'p', 'o');
    }

    @Test
    void anUnknownIdIsNotFoundAndAMalformedOneInvalidInput() {
        assertThatThrownBy(() -> snapshots.load("00000000000000000000000000000000"))
                .isInstanceOf(ArcaException.NotFound.class)
                .hasMessageContaining("snapshot 00000000000000000000000000000000 not found")
                .hasMessageContaining(objects.describe());
        assertThatThrownBy(() -> snapshots.load("../keys/x")).isInstanceOf(ArcaException.InvalidInput.class);
    }

    @Test
    void aManifestCopiedUnderAnotherIdIsCorrupt() {
        SnapshotManifest m = take("v", null);
        snapshots.save(m);
        String other = "ffffffffffffffffffffffffffffffff";
        objects.put("repository/snapshots/" + other, objects.getBytes("repository/snapshots/" + m.id()));

        assertThatThrownBy(() -> snapshots.load(other))
                .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining(other);
    }

    @Test
    void listsOldestFirstFindsTheLatestPerVolumeAndDeletes() {
        SnapshotManifest m = take("v", null);
        SnapshotManifest a1 = at(m, "a0000000000000000000000000000001", "ns/a", Instant.parse("2025-01-01T00:00:00Z"));
        SnapshotManifest a2 = at(m, "a0000000000000000000000000000002", "ns/a", Instant.parse("2025-01-03T00:00:00Z"));
        SnapshotManifest b1 = at(m, "b0000000000000000000000000000001", "ns/b", Instant.parse("2025-01-02T00:00:00Z"));
        List.of(a2, b1, a1).forEach(snapshots::save);

        assertThat(snapshots.list()).containsExactly(a1, b1, a2);
        assertThat(snapshots.latest("ns/a")).contains(a2);
        assertThat(snapshots.latest("ns/b")).contains(b1);
        assertThat(snapshots.latest("ns/c")).isEmpty();

        snapshots.delete(a2.id());

        assertThat(snapshots.latest("ns/a")).contains(a1);
        assertThatThrownBy(() -> snapshots.load(a2.id())).isInstanceOf(ArcaException.NotFound.class);
    }

    @Test
    void referencedChunksAreExactlyTheStoredOnesAndShrinkWhenASnapshotIsDeleted() throws IOException {
        SnapshotManifest first = take("v", null);
        snapshots.save(first);
        Files.write(source.resolve("d0/sub0/f21.bin"), TreeFixture.bytes(new java.util.Random(5), 30_000));
        SnapshotManifest second = take("v", first);
        snapshots.save(second);

        Set<ChunkId> live = new HashSet<>();
        snapshots.forEachReferencedChunk(live::add);

        assertThat(live).hasSize(content.size()).allMatch(content::contains);
        ChunkId newChunk = Trees.entry(content, second, "d0/sub0/f21.bin").object().chunks().get(0);
        ChunkId oldChunk = Trees.entry(content, first, "d0/sub0/f21.bin").object().chunks().get(0);
        ChunkId oldRootChunk = first.rootObject().chunks().get(0);
        assertThat(live).contains(newChunk, oldChunk, oldRootChunk);

        snapshots.delete(first.id());
        Set<ChunkId> after = new HashSet<>();
        snapshots.forEachReferencedChunk(after::add);

        assertThat(after).contains(newChunk).doesNotContain(oldChunk, oldRootChunk);
    }

    @Test
    void aDirectoryObjectSharedBySnapshotsIsWalkedOnce() {
        SnapshotManifest first = take("v", null);
        snapshots.save(first);
        List<ChunkId> once = new ArrayList<>();
        snapshots.forEachReferencedChunk(once::add);
        SnapshotManifest same = take("v", first);
        assertThat(same.rootObject()).isEqualTo(first.rootObject());
        snapshots.save(same);

        List<ChunkId> twice = new ArrayList<>();
        snapshots.forEachReferencedChunk(twice::add);

        assertThat(twice).hasSameSizeAs(once);
    }

    @Test
    void readsManifestsSeveralAtATimeAndListsThemOldestFirst() {
        List<SnapshotManifest> saved = saveTen();
        StoreWhoseReadsWait gate = new StoreWhoseReadsWait(objects, 3);

        List<SnapshotManifest> listed = new SnapshotStore(gate, BINDING, null).list();

        assertThat(gate.waitedInVain.get()).as("reads that waited for two others in vain (one at a time)").isZero();
        assertThat(listed).containsExactlyElementsOf(saved);
    }

    @Test
    void oneDamagedManifestAmongManyFailsTheWholeListNamingIt() {
        List<SnapshotManifest> saved = saveTen();
        String damaged = saved.get(6).id();
        objects.put(SnapshotStore.PREFIX + damaged, new byte[] {0, 0}); // too short to hold the seal's header

        assertThatThrownBy(() -> snapshots.list()).isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining(damaged);
    }

    /** Ten manifests of two volumes, saved newest first; returned oldest first. */
    private List<SnapshotManifest> saveTen() {
        SnapshotManifest m = take("v", null);
        List<SnapshotManifest> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(at(m, String.format("%032x", 0xabc0 + i), i % 2 == 0 ? "ns/a" : "ns/b",
                    Instant.parse("2025-01-01T00:00:00Z").plusSeconds(60L * i)));
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            snapshots.save(all.get(i));
        }
        return all;
    }

    /** Each manifest read waits (up to 5 s) until {@code together} reads have begun: one at a time, each waits in vain. */
    private static final class StoreWhoseReadsWait extends ForwardingObjectStore {
        private final CountDownLatch begun;
        final AtomicInteger waitedInVain = new AtomicInteger();

        StoreWhoseReadsWait(ObjectStore delegate, int together) {
            super(delegate);
            this.begun = new CountDownLatch(together);
        }

        @Override
        public InputStream get(String key) {
            if (key.startsWith(SnapshotStore.PREFIX)) {
                begun.countDown();
                try {
                    if (!begun.await(5, TimeUnit.SECONDS)) {
                        waitedInVain.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return super.get(key);
        }
    }
}

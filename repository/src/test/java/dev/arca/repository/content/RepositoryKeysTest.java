package dev.arca.repository.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryKeysTest {
    @TempDir
    Path dir;

    @Test
    void openOrCreateStoresKeysThatOpenReadsBack() {
        FilesystemObjectStore store = new FilesystemObjectStore(dir);
        RepositoryKeys created = RepositoryKeys.openOrCreate(store);
        assertThat(store.exists(RepositoryKeys.KEY)).isTrue();
        assertThat(RepositoryKeys.open(store)).isEqualTo(created);
        assertThat(RepositoryKeys.openOrCreate(store)).isEqualTo(created);
        assertThat(created).isNotEqualTo(RepositoryKeys.generate());
    }

    @Test
    void twoFirstBackupsRacingToCreateTheKeysBothGetTheSameKeys() throws Exception {
        SecondWriterArrivesLate store = new SecondWriterArrivesLate(new FilesystemObjectStore(dir));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<RepositoryKeys> first = pool.submit(() -> RepositoryKeys.openOrCreate(store));
            Future<RepositoryKeys> second = pool.submit(() -> RepositoryKeys.openOrCreate(store));

            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(second.get(30, TimeUnit.SECONDS));
            assertThat(RepositoryKeys.open(store)).isEqualTo(first.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void openingWhereThereIsNoRepositorySaysSo() {
        FilesystemObjectStore store = new FilesystemObjectStore(dir);
        assertThatThrownBy(() -> RepositoryKeys.open(store))
                .isInstanceOf(ArcaException.NotFound.class)
                .hasMessageContaining("no volume repository in " + store.describe());
    }

    @Test
    void keysNeverAppearInToStringOrInMessages() {
        FilesystemObjectStore store = new FilesystemObjectStore(dir);
        RepositoryKeys keys = RepositoryKeys.openOrCreate(store);
        String json = new String(store.getBytes(RepositoryKeys.KEY), StandardCharsets.UTF_8);
        String idKey = json.replaceAll(".*\"idKey\":\"([^\"]+)\".*", "$1");
        assertThat(idKey).hasSizeGreaterThan(40);
        assertThat(keys.toString()).doesNotContain(idKey).contains("redacted");
        store.put(RepositoryKeys.KEY, json.replace("\"formatVersion\":1", "\"formatVersion\":9").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RepositoryKeys.open(store))
                .isInstanceOf(ArcaException.Corrupt.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(idKey));
    }

    @Test
    void rotateCreatesTheNextGenerationBesideTheKeysAndNeverRewritesThem() {
        FilesystemObjectStore store = new FilesystemObjectStore(dir);
        RepositoryKeys first = RepositoryKeys.openOrCreate(store);
        byte[] keysJson = store.getBytes(RepositoryKeys.KEY);
        assertThat(first.currentGeneration()).isEqualTo(1);

        RepositoryKeys second = RepositoryKeys.rotate(store);
        RepositoryKeys third = RepositoryKeys.rotate(store);

        assertThat(store.getBytes(RepositoryKeys.KEY)).as("generation 1 and the id key, untouched").isEqualTo(keysJson);
        assertThat(store.list(RepositoryKeys.GENERATIONS)).extracting(ObjectStore.ObjectInfo::key)
                .containsExactlyInAnyOrder("repository/keys/00000002.json", "repository/keys/00000003.json");
        assertThat(second.currentGeneration()).isEqualTo(2);
        assertThat(third.currentGeneration()).isEqualTo(3);
        assertThat(RepositoryKeys.open(store)).isEqualTo(third).isNotEqualTo(second);
        assertThat(RepositoryKeys.openOrCreate(store).currentGeneration()).isEqualTo(3);
        assertThat(third.toString()).contains("[1, 2, 3]").contains("redacted");
    }

    @Test
    void twoRotationsRacingEachGetAGenerationOfTheirOwnAndNeitherIsLost() {
        FilesystemObjectStore plain = new FilesystemObjectStore(dir);
        RepositoryKeys.openOrCreate(plain);
        AtomicReference<RepositoryKeys> other = new AtomicReference<>();
        ObjectStore racing = new ForwardingObjectStore(plain) {
            @Override
            public boolean createIfAbsent(String key, byte[] data) {
                if (other.get() == null) {
                    other.set(RepositoryKeys.rotate(plain)); // the other rotation takes generation 2 first
                }
                return super.createIfAbsent(key, data);
            }
        };
        RepositoryKeys mine = RepositoryKeys.rotate(racing);

        assertThat(other.get().currentGeneration()).isEqualTo(2);
        assertThat(mine.currentGeneration()).isEqualTo(3);
        RepositoryKeys all = RepositoryKeys.open(plain);
        assertThat(all).isEqualTo(mine);
        byte[] sealedByOther = new ChunkCodec(other.get()).seal("sealed under 2".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertThat(new ChunkCodec(all).open(sealedByOther, new byte[0])).asString(StandardCharsets.UTF_8).isEqualTo("sealed under 2");
    }

    @Test
    void aGenerationObjectThatNamesAnotherGenerationIsRefused() {
        FilesystemObjectStore store = new FilesystemObjectStore(dir);
        RepositoryKeys.openOrCreate(store);
        RepositoryKeys.rotate(store);
        store.put(RepositoryKeys.generationKey(5), store.getBytes(RepositoryKeys.generationKey(2)));
        assertThatThrownBy(() -> RepositoryKeys.open(store))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("repository/keys/00000005.json")
                .hasMessageContaining("holds generation 2");
    }

    @Test
    void rotatingWhereThereIsNoRepositorySaysSo() {
        FilesystemObjectStore store = new FilesystemObjectStore(dir);
        assertThatThrownBy(() -> RepositoryKeys.rotate(store)).isInstanceOf(ArcaException.NotFound.class)
                .hasMessageContaining("no volume repository");
        assertThat(store.list("repository/")).isEmpty();
    }

    /**
     * The interleaving that lost data: both backups find no keys, then the first one writes its keys
     * and reads them back (and would start sealing chunks) before the second one's write arrives.
     */
    private static final class SecondWriterArrivesLate extends ForwardingObjectStore {
        private final CyclicBarrier bothChecked = new CyclicBarrier(2);
        private final CountDownLatch firstReadBack = new CountDownLatch(1);
        private final AtomicInteger writers = new AtomicInteger();

        SecondWriterArrivesLate(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public boolean exists(String key) {
            boolean exists = super.exists(key);
            await(() -> bothChecked.await(10, TimeUnit.SECONDS));
            return exists;
        }

        @Override
        public void put(String key, byte[] data) {
            waitIfSecond();
            super.put(key, data);
        }

        @Override
        public boolean createIfAbsent(String key, byte[] data) {
            waitIfSecond();
            return super.createIfAbsent(key, data);
        }

        @Override
        public byte[] getBytes(String key) {
            byte[] bytes = super.getBytes(key);
            firstReadBack.countDown();
            return bytes;
        }

        private void waitIfSecond() {
            if (writers.incrementAndGet() == 2) {
                await(() -> firstReadBack.await(1, TimeUnit.SECONDS)); // a winner that does not read back never counts down
            }
        }

        private static void await(Callable<?> wait) {
            try {
                wait.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

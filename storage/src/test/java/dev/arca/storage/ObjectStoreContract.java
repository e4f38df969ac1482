package dev.arca.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guarantees of {@link ObjectStore}, which every provider passes: extend it, return a fresh
 * empty store from {@link #createStore()}, and (if the store streams in parts) say its part size.
 * Shipped in the storage test-jar for providers in other modules.
 */
public abstract class ObjectStoreContract {
    protected ObjectStore store;

    /** A fresh, empty store for one test; closed after it. */
    protected abstract ObjectStore createStore() throws Exception;

    /** The size the store lists for an object of {@code length} bytes (a decorator may add its own framing). */
    protected long listedSize(long length) {
        return length;
    }

    /** Bytes per part of the store's streaming writes; the writer tests write several parts. */
    protected int partSize() {
        return 1024 * 1024;
    }

    /**
     * Whether {@link ObjectStore#deleteAbandonedWrites} removes anything on this store (temporary
     * files, multipart uploads), or the provider's leftovers are invisible and expire on their own.
     */
    protected boolean removesAbandonedWrites() {
        return false;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void putThenGetReturnsTheSameBytes() throws IOException {
        byte[] data = random(10_000, 1);
        store.put("backups/nightly/backup.json", data);

        assertThat(store.getBytes("backups/nightly/backup.json")).isEqualTo(data);
        try (InputStream in = store.get("backups/nightly/backup.json")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void rangedReadsReturnExactlyThePieceAskedForAndRefuseToReadPastTheEnd() {
        byte[] data = random(100_000, 7);
        store.put("repository/packs/p1", data);

        assertThat(store.getRange("repository/packs/p1", 0, 10)).isEqualTo(java.util.Arrays.copyOfRange(data, 0, 10));
        assertThat(store.getRange("repository/packs/p1", 65_537, 20_000)).isEqualTo(java.util.Arrays.copyOfRange(data, 65_537, 85_537));
        assertThat(store.getRange("repository/packs/p1", 99_990, 10)).isEqualTo(java.util.Arrays.copyOfRange(data, 99_990, 100_000));
        assertThatThrownBy(() -> store.getRange("repository/packs/p1", 99_990, 11))
                .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("repository/packs/p1");
        assertThatThrownBy(() -> store.getRange("repository/packs/missing", 0, 1)).isInstanceOf(ArcaException.NotFound.class);

        byte[] into = new byte[30_000];
        java.util.Arrays.fill(into, (byte) 7);
        store.getRange("repository/packs/p1", 65_537, 20_000, into);
        assertThat(java.util.Arrays.copyOf(into, 20_000)).as("into the caller's array").isEqualTo(java.util.Arrays.copyOfRange(data, 65_537, 85_537));
        assertThat(java.util.Arrays.copyOfRange(into, 20_000, 30_000)).as("nothing past the length").containsOnly((byte) 7);
        assertThatThrownBy(() -> store.getRange("repository/packs/p1", 99_990, 11, into))
                .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("repository/packs/p1");
        assertThatThrownBy(() -> store.getRange("repository/packs/missing", 0, 1, into)).isInstanceOf(ArcaException.NotFound.class);
    }

    @Test
    void aReadFromAnOffsetReturnsTheRestOfTheObject() throws IOException {
        byte[] data = random(100_000, 8);
        store.put("repository/packs/p2", data);

        try (InputStream whole = store.get("repository/packs/p2", 0);
             InputStream tail = store.get("repository/packs/p2", 65_537);
             InputStream atEnd = store.get("repository/packs/p2", 100_000);
             InputStream pastEnd = store.get("repository/packs/p2", 250_000)) {
            assertThat(whole.readAllBytes()).isEqualTo(data);
            assertThat(tail.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 65_537, 100_000));
            assertThat(atEnd.readAllBytes()).isEmpty();
            assertThat(pastEnd.readAllBytes()).isEmpty();
        }
        assertThatThrownBy(() -> store.get("repository/packs/missing", 10)).isInstanceOf(ArcaException.NotFound.class);
    }

    @Test
    void putReplacesAnExistingObject() {
        store.put("a/key", bytes("first version"));
        store.put("a/key", bytes("second"));

        assertThat(store.getBytes("a/key")).isEqualTo(bytes("second"));
        assertThat(store.list("a/")).containsExactly(new ObjectInfo("a/key", listedSize(6)));
    }

    @Test
    void emptyObjectsRoundTripThroughPutAndWriter() {
        store.put("empty/put", new byte[0]);
        try (ObjectWriter w = store.writer("empty/writer")) {
            w.commit();
        }

        assertThat(store.getBytes("empty/put")).isEmpty();
        assertThat(store.getBytes("empty/writer")).isEmpty();
        assertThat(store.list("empty/")).extracting(ObjectInfo::size).containsExactly(listedSize(0), listedSize(0));
    }

    @Test
    void existsIsTrueOnlyForStoredObjects() {
        store.put("x/y/z", bytes("z"));

        assertThat(store.exists("x/y/z")).isTrue();
        assertThat(store.exists("x/y/other")).isFalse();
        assertThat(store.exists("x/y")).as("a prefix of a key is not an object").isFalse();
    }

    @Test
    void getOfAMissingKeyThrowsNotFoundNamingTheKey() {
        assertThatThrownBy(() -> store.get("missing/key"))
                .isInstanceOf(ArcaException.NotFound.class).hasMessageContaining("missing/key");
        assertThatThrownBy(() -> store.getBytes("missing/key")).isInstanceOf(ArcaException.NotFound.class);
    }

    @Test
    void deleteRemovesTheObjectAndDeletingAMissingKeyIsFine() {
        store.put("d/one", bytes("1"));
        store.put("d/two", bytes("2"));

        store.delete("d/one");
        store.delete("d/never-there");

        assertThat(store.exists("d/one")).isFalse();
        assertThat(store.list("d/")).extracting(ObjectInfo::key).containsExactly("d/two");
    }

    @Test
    void listReturnsOnlyKeysUnderThePrefixSortedWithTheirSizes() {
        store.put("backups/b/backup.json", bytes("bb"));
        store.put("backups/a/backup.json", bytes("a"));
        store.put("backups/a/resources.tar.zst", bytes("abc"));
        store.put("other/file", bytes("o"));

        assertThat(store.list("backups/")).containsExactly(
                new ObjectInfo("backups/a/backup.json", listedSize(1)),
                new ObjectInfo("backups/a/resources.tar.zst", listedSize(3)),
                new ObjectInfo("backups/b/backup.json", listedSize(2)));
        assertThat(store.list("")).hasSize(4);
        assertThat(store.list("nothing/here/")).isEmpty();
    }

    @Test
    void listOfADirectoryLikePrefixDoesNotReturnSiblingsSharingItsName() {
        store.put("backups/a/backup.json", bytes("a"));
        store.put("backups/ab/backup.json", bytes("ab"));
        store.put("backups/a-b", bytes("a-b"));

        assertThat(store.list("backups/a/")).extracting(ObjectInfo::key).containsExactly("backups/a/backup.json");
        assertThat(store.list("backups/a")).extracting(ObjectInfo::key)
                .containsExactly("backups/a-b", "backups/a/backup.json", "backups/ab/backup.json");
    }

    @Test
    void listReturnsEveryKeyWhenThereAreMoreThanOnePage() throws Exception {
        int count = 1_100; // S3 answers at most 1,000 keys per page
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = String.format("many/item-%05d", i);
                puts.add(pool.submit(() -> store.put(key, bytes(key))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdownNow();
        }
        store.put("manyother/x", bytes("not listed"));

        List<ObjectInfo> listed = store.list("many/");

        assertThat(listed).hasSize(count);
        assertThat(listed).extracting(ObjectInfo::key).containsExactlyElementsOf(
                IntStream.range(0, count).mapToObj(i -> String.format("many/item-%05d", i)).toList());
    }

    @Test
    void createIfAbsentCreatesOnceAndLeavesAnExistingObjectUntouched() {
        assertThat(store.createIfAbsent("repository/keys.json", bytes("first"))).isTrue();
        assertThat(store.createIfAbsent("repository/keys.json", bytes("second"))).isFalse();

        assertThat(store.getBytes("repository/keys.json")).isEqualTo(bytes("first"));
        assertThat(store.list("repository/")).containsExactly(new ObjectInfo("repository/keys.json", listedSize(5)));
        store.put("repository/put-first", bytes("put"));
        assertThat(store.createIfAbsent("repository/put-first", bytes("created"))).isFalse();
        assertThat(store.getBytes("repository/put-first")).isEqualTo(bytes("put"));
    }

    @Test
    void concurrentCreatorsOfOneKeyHaveExactlyOneWinnerWhoseBytesAreStored() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 4; round++) {
                String key = "race/round-" + round;
                CyclicBarrier start = new CyclicBarrier(threads);
                List<byte[]> candidates = new ArrayList<>();
                List<Future<Boolean>> answers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    byte[] data = random(200_000 + t, round * 100L + t); // different bytes, different lengths
                    candidates.add(data);
                    answers.add(pool.submit(() -> {
                        start.await();
                        return store.createIfAbsent(key, data);
                    }));
                }
                List<Integer> winners = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    if (answers.get(t).get()) {
                        winners.add(t);
                    }
                }

                assertThat(winners).as("creators that were told they created " + key).hasSize(1);
                assertThat(store.getBytes(key)).as("the stored bytes are the winner's").isEqualTo(candidates.get(winners.get(0)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void streamingWriterOfSeveralPartsRoundTripsWithTheSameSha256() throws IOException {
        byte[] data = random(partSize() * 3 + partSize() / 2, 7);
        try (ObjectWriter w = store.writer("big/object.bin")) {
            int chunk = 64 * 1024 + 17; // not a divisor of the part size
            for (int off = 0; off < data.length; off += chunk) {
                w.write(data, off, Math.min(chunk, data.length - off));
            }
            w.write(42);
            w.commit();
            w.commit();
        }

        byte[] expected = new byte[data.length + 1];
        System.arraycopy(data, 0, expected, 0, data.length);
        expected[data.length] = 42;
        try (InputStream in = store.get("big/object.bin")) {
            assertThat(sha256(in)).isEqualTo(sha256(new java.io.ByteArrayInputStream(expected)));
        }
        assertThat(store.list("big/")).containsExactly(new ObjectInfo("big/object.bin", listedSize(expected.length)));
    }

    @Test
    void writtenBytesAreInvisibleUntilCommit() {
        store.put("w/replaced", bytes("old"));
        try (ObjectWriter small = store.writer("w/small"); ObjectWriter big = store.writer("w/replaced")) {
            small.write(bytes("hello"));
            big.write(random(partSize() * 2 + 1, 3));

            assertThat(store.exists("w/small")).isFalse();
            assertThat(store.getBytes("w/replaced")).isEqualTo(bytes("old"));

            small.commit();
            assertThat(store.getBytes("w/small")).isEqualTo(bytes("hello"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(store.getBytes("w/replaced")).as("closed without commit").isEqualTo(bytes("old"));
    }

    @Test
    void writerClosedWithoutCommitLeavesNothingVisible() throws IOException {
        try (ObjectWriter small = store.writer("aborted/small"); ObjectWriter big = store.writer("aborted/big")) {
            small.write(bytes("never committed"));
            big.write(random(partSize() * 2 + 5, 9));
        }

        assertThat(store.exists("aborted/small")).isFalse();
        assertThat(store.exists("aborted/big")).isFalse();
        assertThat(store.list("")).isEmpty();
        assertThatThrownBy(() -> store.get("aborted/big")).isInstanceOf(ArcaException.NotFound.class);
    }

    @Test
    void aWriteAbandonedBeforeTheCutoffIsRemovedAndNothingCommittedOrUnderAnotherPrefix() throws IOException {
        store.put("backups/a/backup.json", bytes("{}"));
        store.put("repository/config", bytes("c"));
        ObjectWriter abandoned = store.writer("backups/a/resources.tar.zst"); // its process died: never committed nor closed
        ObjectWriter elsewhere = store.writer("repository/packs/p1");
        try {
            abandoned.write(random(partSize() + 1000, 11)); // a part is out, where the store sends parts
            elsewhere.write(random(partSize() + 1000, 12));

            int removed = store.deleteAbandonedWrites("backups/", java.time.Instant.now().plusSeconds(60));

            assertThat(removed).isEqualTo(removesAbandonedWrites() ? 1 : 0);
            assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("backups/a/backup.json", "repository/config");
            assertThat(store.getBytes("backups/a/backup.json")).isEqualTo(bytes("{}"));
            elsewhere.commit();
            assertThat(store.getBytes("repository/packs/p1")).as("a write under another prefix is untouched")
                    .isEqualTo(random(partSize() + 1000, 12));
        } finally {
            elsewhere.close();
            abandoned.close();
        }
        assertThat(store.deleteAbandonedWrites("backups/", java.time.Instant.now().plusSeconds(60))).as("nothing left").isZero();
    }

    @Test
    void aWriteBegunAfterTheCutoffIsKeptAndStillCommits() throws IOException {
        try (ObjectWriter inProgress = store.writer("backups/b/resources.tar.zst")) {
            inProgress.write(random(partSize() + 1000, 13));

            assertThat(store.deleteAbandonedWrites("", java.time.Instant.now().minusSeconds(3600))).isZero();

            inProgress.write(bytes("more"));
            inProgress.commit();
        }
        assertThat(store.list("backups/")).extracting(ObjectInfo::key).containsExactly("backups/b/resources.tar.zst");
        assertThat(store.getBytes("backups/b/resources.tar.zst")).hasSize(partSize() + 1004);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/abs", "a//b", "a/../b", "./a", "a/", "a\\b", ""})
    void keysThatAreNotCleanRelativePathsAreRejected(String key) {
        assertThatThrownBy(() -> store.put(key, bytes("x"))).isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> store.writer(key)).isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> store.createIfAbsent(key, bytes("x"))).isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> store.exists(key)).isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(ArcaException.InvalidInput.class);
        assertThat(store.list("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../", "/abs/", "a//b/"})
    void prefixesThatAreNotCleanAreRejected(String prefix) {
        assertThatThrownBy(() -> store.list(prefix)).isInstanceOf(ArcaException.InvalidInput.class);
    }

    @Test
    void describeNamesTheStore() {
        assertThat(store.describe()).isNotBlank();
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    protected static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.repository.snapshot.StreamSnapshotter;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.crypto.EncryptedObjectStore;
import dev.arca.storage.crypto.LocationKeys;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.files.FileTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte streams (database dumps) as snapshots: round trip, dedup, encryption at rest, forget. */
class RepositoryStreamTest {
    private static final long SIZE = 12L << 20;

    @TempDir
    Path dir;

    @Test
    void aMultiMebibyteStreamRoundTripsDeduplicatesAndIsEncryptedAtRest() throws Exception {
        ObjectStore location = encrypted();
        SnapshotSummary first;
        SnapshotSummary second;
        DigestSink restored = new DigestSink();
        try (Repository repo = Repository.open(location, RepositoryOptions.defaults().withPackSize(4 << 20))) {
            first = repo.backupStream(new RandomStream(SIZE, 7), "shop/db/postgresql", "b1", Map.of("blueprint", "postgresql"));
            second = repo.backupStream(new RandomStream(SIZE, 7), "shop/db/postgresql", "b2", Map.of());
            assertThat(repo.restoreStream(first.id(), restored)).isEqualTo(SIZE);
        }
        assertThat(restored.count).isEqualTo(SIZE);
        assertThat(restored.digest()).isEqualTo(new RandomStream(SIZE, 7).digest());
        assertThat(first.bytes()).isEqualTo(SIZE);
        assertThat(first.files()).isEqualTo(1);
        assertThat(first.bytesNew()).isGreaterThanOrEqualTo(SIZE);
        assertThat(second.bytes()).isEqualTo(SIZE);
        assertThat(second.bytesNew()).as("the same stream again: only its small directory object is new").isLessThan(4096);
        assertThat(second.bytesStored()).isLessThan(4096);

        byte[] sample = new byte[64];
        try (RandomStream again = new RandomStream(SIZE, 7)) {
            again.skipNBytes(5L << 20);
            again.readNBytes(sample, 0, sample.length);
        }
        assertThat(filesUnder(dir.resolve("location"))).as("no stored file holds the stream's bytes in the clear")
                .allSatisfy(f -> assertThat(indexOf(Files.readAllBytes(f), sample)).as("%s", f).isEqualTo(-1));
    }

    @Test
    void aStreamSnapshotIsForgottenWithItsBackupAndAVolumeSnapshotIsNotAStream() throws Exception {
        ObjectStore location = new FilesystemObjectStore(dir.resolve("location"));
        Path tree = dir.resolve("tree");
        FileTrees.populate(tree, 5, 1);
        String volumeId;
        try (Repository repo = Repository.open(location)) {
            repo.backupStream(new RandomStream(1 << 20, 1), "shop/db/postgresql", "b1", Map.of());
            volumeId = repo.backup(tree, "shop/data", "b1", Map.of()).id();
            assertThatThrownBy(() -> repo.restoreStream(volumeId, new ByteArrayOutputStream()))
                    .isInstanceOf(ArcaException.InvalidInput.class)
                    .hasMessageContaining(volumeId).hasMessageContaining("not a stream snapshot");
        }
        assertThat(Repository.forgetBackup(location, "b1")).isEqualTo(2);
        try (Repository repo = Repository.open(location)) {
            assertThat(repo.snapshots()).isEmpty();
        }
    }

    @Test
    void aStreamSnapshotIsTaggedAsOne() throws Exception {
        try (Repository repo = Repository.open(new FilesystemObjectStore(dir.resolve("location")))) {
            SnapshotSummary s = repo.backupStream(InputStream.nullInputStream(), "shop/db/empty", "b1", Map.of());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(repo.restoreStream(s.id(), out)).isZero();
            assertThat(out.size()).isZero();
            assertThat(s.volume()).isEqualTo("shop/db/empty");
        }
        assertThat(StreamSnapshotter.KIND).isEqualTo("stream");
    }

    private ObjectStore encrypted() {
        FilesystemObjectStore raw = new FilesystemObjectStore(dir.resolve("location"));
        return new EncryptedObjectStore(raw, LocationKeys.openOrCreate(raw, "enc", "a passphrase".toCharArray(),
                new LocationKeys.Kdf(1 << 10, 8, 1), Clock.systemUTC()));
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A reproducible random stream of a given length, generated as it is read (never held whole). */
    static final class RandomStream extends InputStream {
        private final SplittableRandom random;
        private final byte[] block = new byte[8192];
        private int pos = block.length;
        private long left;

        RandomStream(long length, long seed) {
            this.random = new SplittableRandom(seed);
            this.left = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            if (pos == block.length) {
                random.nextBytes(block); // whole blocks: the bytes do not depend on how the reader asks for them
                pos = 0;
            }
            int n = (int) Math.min(Math.min(len, block.length - pos), left);
            System.arraycopy(block, pos, b, off, n);
            pos += n;
            left -= n;
            return n;
        }

        byte[] digest() throws IOException {
            DigestSink sink = new DigestSink();
            transferTo(sink);
            return sink.digest();
        }
    }

    /** Counts and hashes what it is given, keeping none of it. */
    static final class DigestSink extends OutputStream {
        private final MessageDigest sha;
        long count;

        DigestSink() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sha.update(b, off, len);
            count += len;
        }

        byte[] digest() {
            return Arrays.copyOf(sha.digest(), 32);
        }
    }
}

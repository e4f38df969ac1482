package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.StreamingAead;
import dev.arca.api.ArcaException;
import dev.arca.repository.content.ChunkCodec;
import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.ChunkLocation;
import dev.arca.repository.content.IndexFile;
import dev.arca.repository.content.Indexes;
import dev.arca.repository.content.RepositoryKeys;
import dev.arca.repository.content.RepositoryLayout;
import dev.arca.repository.maintenance.VerifyReport;
import dev.arca.repository.snapshot.SnapshotStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.crypto.EncryptedObjectStore;
import dev.arca.storage.crypto.LocationKeys;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.files.FileTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rotate-key} on a location with volume data: the location's keyset is rotated, then the
 * repository starts a new key generation. Data from before and after reads back; a holder of the
 * old passphrase (and of everything it opened before the rotation) cannot read what came after.
 */
class RepositoryKeyRotationTest {
    private static final LocationKeys.Kdf FAST = new LocationKeys.Kdf(1 << 10, 8, 1);
    private static final char[] OLD = "the old passphrase".toCharArray();
    private static final char[] NEW = "the new passphrase".toCharArray();

    @TempDir
    Path dir;

    private FilesystemObjectStore raw;
    private ObjectStore data;

    private RepositoryOptions small() {
        return RepositoryOptions.defaults().withPackSize(1 << 20);
    }

    @Test
    void dataFromBeforeAndAfterARotationRestoresAndVerifiesButTheOldKeysOpenNothingNew() throws Exception {
        raw = new FilesystemObjectStore(dir.resolve("location"));
        data = raw;
        Path source = dir.resolve("source");
        FileTrees.populate(source, 40, 7);
        StreamingAead oldAead = LocationKeys.openOrCreate(raw, "enc", OLD, FAST, Clock.systemUTC());
        ObjectStore oldView = new EncryptedObjectStore(raw, oldAead);
        SnapshotSummary first;
        try (Repository repo = Repository.open(oldView, small())) {
            first = repo.backup(source, "shop/data", "b1", Map.of());
        }
        Map<String, String> firstTree = FileTrees.describe(source);
        RepositoryKeys oldHolder = RepositoryKeys.open(oldView); // what the old passphrase opened, kept
        Set<String> before = Set.copyOf(keysUnder("repository/"));

        LocationKeys.rotate(raw, "enc", OLD, NEW, FAST, Clock.systemUTC());
        ObjectStore newView = new EncryptedObjectStore(raw, LocationKeys.open(raw, "enc", NEW));
        assertThat(Repository.rotateKeys(newView)).isEqualTo(2);

        byte[] secret = new byte[300_000];
        new Random(11).nextBytes(secret);
        Files.write(source.resolve("after-rotation.bin"), secret);
        SnapshotSummary second;
        try (Repository repo = Repository.open(newView, small())) {
            second = repo.backup(source, "shop/data", "b2", Map.of());
        }
        Map<String, String> secondTree = FileTrees.describe(source);

        try (Repository repo = Repository.open(newView, small())) {
            repo.restore(first.id(), dir.resolve("r1"));
            repo.restore(second.id(), dir.resolve("r2"));
            VerifyReport report = repo.verify(1.0);
            assertThat(report.problems()).isEmpty();
            assertThat(report.chunksRead()).isEqualTo(report.chunks()).isPositive();
        }
        assertThat(FileTrees.describe(dir.resolve("r1"))).isEqualTo(firstTree);
        assertThat(FileTrees.describe(dir.resolve("r2"))).isEqualTo(secondTree);

        assertThatThrownBy(() -> RepositoryKeys.open(new EncryptedObjectStore(raw, oldAead)))
                .as("the new generation is wrapped by the new location key").isInstanceOf(ArcaException.Corrupt.class);
        assertOldKeysOpenOnlyWhatCameBefore(oldHolder, RepositoryKeys.open(newView), before, second.id());
    }

    private void assertOldKeysOpenOnlyWhatCameBefore(RepositoryKeys oldKeys, RepositoryKeys newKeys, Set<String> before,
                                                     String secondSnapshot) {
        ChunkCodec oldCodec = new ChunkCodec(oldKeys);
        ChunkCodec newCodec = new ChunkCodec(newKeys);
        List<String> newIndexes = keysUnder(RepositoryLayout.INDEX).stream().filter(k -> !before.contains(k)).toList();
        assertThat(newIndexes).isNotEmpty();
        for (String key : keysUnder(RepositoryLayout.INDEX)) {
            byte[] sealed = data.getBytes(key);
            assertThat(newCodec.open(sealed, IndexFile.AD, key)).isNotEmpty();
            if (before.contains(key)) {
                assertThat(oldCodec.open(sealed, IndexFile.AD, key)).as("index from before, old keys").isNotEmpty();
            } else {
                assertThatThrownBy(() -> oldCodec.open(sealed, IndexFile.AD, key)).as("index from after, old keys")
                        .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("key generation 2");
            }
        }
        Map<ChunkId, ChunkLocation> newChunks = new HashMap<>();
        for (String key : newIndexes) {
            Indexes.read(data, newCodec, key, newChunks::put);
        }
        int tried = 0;
        for (Map.Entry<ChunkId, ChunkLocation> e : newChunks.entrySet()) {
            ChunkLocation loc = e.getValue();
            String pack = RepositoryLayout.packKey(loc.pack());
            assertThat(before).as("a pack written after the rotation").doesNotContain(pack);
            byte[] stored = data.getRange(pack, loc.offset(), loc.length());
            assertThat(newCodec.decode(e.getKey(), stored, 0, stored.length, loc.rawLength(), pack)).hasSize(loc.rawLength());
            assertThatThrownBy(() -> oldCodec.decode(e.getKey(), stored, 0, stored.length, loc.rawLength(), pack))
                    .isInstanceOf(ArcaException.Corrupt.class).hasMessageContaining("key generation 2");
            tried++;
        }
        assertThat(tried).as("the new file's chunks, at least").isGreaterThanOrEqualTo(2);
        String manifest = SnapshotStore.PREFIX + secondSnapshot;
        byte[] ad = manifest.getBytes(StandardCharsets.UTF_8);
        byte[] sealed = data.getBytes(manifest);
        assertThat(new String(newCodec.open(sealed, ad), StandardCharsets.UTF_8)).contains(secondSnapshot);
        assertThatThrownBy(() -> oldCodec.open(sealed, ad)).isInstanceOf(ArcaException.Corrupt.class);
    }

    @Test
    void aRepositoryOpenDuringTheRotationKeepsSealingUnderItsGenerationAndStaysReadable() throws Exception {
        raw = new FilesystemObjectStore(dir.resolve("location"));
        data = raw;
        Path source = dir.resolve("source");
        FileTrees.populate(source, 20, 8);
        ChunkCodec firstGeneration;
        try (Repository repo = Repository.open(raw, small())) {
            repo.backup(source, "shop/data", "b1", Map.of());
            firstGeneration = new ChunkCodec(RepositoryKeys.open(raw));
            assertThat(Repository.rotateKeys(raw)).isEqualTo(2);
            Files.writeString(source.resolve("during.txt"), "written by a backup that opened before the rotation");
            SnapshotSummary during = repo.backup(source, "shop/data", "b2", Map.of());
            assertThat(during.bytesStored()).isPositive();
        }
        for (String key : keysUnder(RepositoryLayout.INDEX)) {
            assertThat(firstGeneration.open(data.getBytes(key), IndexFile.AD, key)).as("sealed under generation 1").isNotEmpty();
        }
        try (Repository repo = Repository.open(raw, small())) {
            SnapshotSummary after = repo.backup(source, "shop/copy", "b3", Map.of());
            assertThat(after.parent()).isNull();
            assertThat(after.bytesRead()).isEqualTo(after.bytes()).isPositive();
            assertThat(after.bytesNew()).as("the id key did not rotate: file data is deduplicated across it")
                    .isLessThan(after.bytes() / 20);
            repo.restore(after.id(), dir.resolve("restored"));
            VerifyReport report = repo.verify(1.0);
            assertThat(report.problems()).isEmpty();
            assertThat(report.chunksRead()).isEqualTo(report.chunks());
        }
        assertThat(FileTrees.describe(dir.resolve("restored"))).isEqualTo(FileTrees.describe(source));
    }

    private List<String> keysUnder(String prefix) {
        return data.list(prefix).stream().map(ObjectStore.ObjectInfo::key).toList();
    }
}

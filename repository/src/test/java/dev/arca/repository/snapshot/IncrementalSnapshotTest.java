package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.repository.content.MemoryContentStore;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalSnapshotTest {
    @TempDir
    Path tmp;

    final ExecutorService pool = Executors.newFixedThreadPool(2);
    final MemoryContentStore store = new MemoryContentStore();
    /**
     * Snapshots begin 2 seconds after the tree was made, as a nightly's would long after its files' last change:
     * a file changed in the second before its parent snapshot began is read again (see the last test).
     */
    final Snapshotter snapshotter = new Snapshotter(store, new ObjectWriter(store, SnapshotRoundTripTest.SMALL), pool,
            3, Clock.offset(Clock.systemUTC(), java.time.Duration.ofSeconds(2)));
    final SnapshotRestorer restorer = new SnapshotRestorer(new ObjectReader(store), pool, 3);
    Path source;
    List<String> files;
    SnapshotManifest full;

    @BeforeEach
    void takeAFullSnapshot() throws IOException {
        source = tmp.resolve("source");
        files = TreeFixture.build(source, 7);
        full = snapshot(null).manifest();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    SnapshotResult snapshot(SnapshotManifest parent) {
        return snapshotter.snapshot(new SnapshotRequest(source, "shop/data", "nightly", Map.of(), parent));
    }

    @Test
    void readsOnlyTheChangedAndTheNewFileAndStoresOnlyTheirChunksAndTheDirectoriesOnTheirPaths() throws IOException {
        Random random = new Random(99);
        Path changed = source.resolve("d3/sub1/f10.bin");
        byte[] changedData = TreeFixture.bytes(random, 20_000);
        Files.write(changed, changedData);
        Path added = source.resolve("d3/sub1/new.bin");
        byte[] addedData = TreeFixture.bytes(random, 9_000);
        Files.write(added, addedData);
        long unchangedBefore = store.size();

        SnapshotResult result = snapshot(full);

        SnapshotStats stats = result.manifest().stats();
        assertThat(result.manifest().parentId()).isEqualTo(full.id());
        assertThat(stats.bytesRead()).isEqualTo(changedData.length + addedData.length);
        // files lists every regular path but the hard link, which is neither read nor reused
        assertThat(stats.filesUnchanged()).isEqualTo(files.size() - 1);
        assertThat(stats.files()).isEqualTo(full.stats().files() + 1);
        assertThat(stats.bytesReused()).isEqualTo(full.stats().bytesRead() - 0 /* f10 was empty */);
        long dirObjectBytes = Trees.entry(store, result.manifest(), "d3/sub1").object().length()
                + Trees.entry(store, result.manifest(), "d3").object().length()
                + result.manifest().rootObject().length();
        assertThat(stats.content().newBytes()).isPositive()
                .isLessThanOrEqualTo(changedData.length + addedData.length + dirObjectBytes);
        assertThat(stats.content().newChunks()).isEqualTo(store.size() - unchangedBefore);
        // the directories off the changed path keep their parent's objects, not even hashed again
        int hashed = Trees.entry(store, result.manifest(), "d3/sub1/f10.bin").object().chunks().size()
                + Trees.entry(store, result.manifest(), "d3/sub1/new.bin").object().chunks().size()
                + Trees.entry(store, result.manifest(), "d3/sub1").object().chunks().size()
                + Trees.entry(store, result.manifest(), "d3").object().chunks().size()
                + result.manifest().rootObject().chunks().size();
        assertThat(stats.content().chunks()).isEqualTo(hashed);
        assertThat(Trees.entry(store, result.manifest(), "d2").object()).isEqualTo(Trees.entry(store, full, "d2").object());
        assertThat(Trees.entry(store, result.manifest(), "d3").object()).isNotEqualTo(Trees.entry(store, full, "d3").object());

        Path target = tmp.resolve("target");
        assertThat(restorer.restore(result.manifest(), target, RestoreOptions.ALL).errors()).isEmpty();
        TreeFixture.assertSameTree(source, target);
    }

    @Test
    void aFileWithTheSameSizeButAnotherMtimeIsReadAgain() throws IOException {
        Path file = source.resolve("d2/sub2/f2.bin");
        byte[] data = Files.readAllBytes(file);
        data[0] ^= 1;
        FileTime old = Files.getLastModifiedTime(file);
        Files.write(file, data);
        Files.setLastModifiedTime(file, FileTime.fromMillis(old.toMillis() + 1000));
        Files.setLastModifiedTime(file.getParent(), Files.getLastModifiedTime(file.getParent()));

        SnapshotResult result = snapshot(full);

        assertThat(result.manifest().stats().bytesRead()).isEqualTo(data.length);
        assertThat(result.manifest().stats().filesUnchanged()).isEqualTo(files.size() - 1);
        Path target = tmp.resolve("target");
        restorer.restore(result.manifest(), target, RestoreOptions.ALL);
        assertThat(target.resolve("d2/sub2/f2.bin")).hasBinaryContent(data);
    }

    @Test
    void aFileReplacedByAnotherInodeWithTheSameSizeAndMtimeIsReadAgain() throws IOException {
        Path file = source.resolve("d4/sub0/f18.bin");
        byte[] data = Files.readAllBytes(file);
        data[data.length - 1] ^= 1;
        FileTime mtime = Files.getLastModifiedTime(file);
        Path replacement = source.resolve("d4/replacement.tmp");
        Files.write(replacement, data);
        Files.setLastModifiedTime(replacement, mtime);
        Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        SnapshotResult result = snapshot(full);

        assertThat(result.manifest().stats().bytesRead()).isEqualTo(data.length);
        assertThat(Trees.entry(store, result.manifest(), "d4/sub0/f18.bin").object())
                .isNotEqualTo(Trees.entry(store, full, "d4/sub0/f18.bin").object());
    }

    @Test
    void aDirectoryWithAFileGoneOrAModeChangedGetsANewObject() throws IOException {
        Files.delete(source.resolve("d1/sub1/f1.bin"));
        Path chmod = source.resolve("d4/sub1/f4.bin");
        Files.setPosixFilePermissions(chmod, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

        SnapshotResult result = snapshot(full);

        for (String changed : List.of("d1/sub1", "d1", "d4/sub1", "d4")) {
            assertThat(Trees.entry(store, result.manifest(), changed).object()).as(changed)
                    .isNotEqualTo(Trees.entry(store, full, changed).object());
        }
        assertThat(Trees.entry(store, result.manifest(), "d4/sub0").object()).isEqualTo(Trees.entry(store, full, "d4/sub0").object());
        Path target = tmp.resolve("target");
        assertThat(restorer.restore(result.manifest(), target, RestoreOptions.ALL).errors()).isEmpty();
        TreeFixture.assertSameTree(source, target);
    }

    @Test
    void anUntouchedTreeIsNotReadAtAllAndStoresNothingNew() {
        SnapshotResult result = snapshot(full);

        assertThat(result.manifest().stats().bytesRead()).isZero();
        assertThat(result.manifest().stats().content().newChunks()).isZero();
        assertThat(result.manifest().stats().content().chunks()).isZero(); // no directory object written again
        assertThat(result.manifest().rootObject()).isEqualTo(full.rootObject());
    }

    @Test
    void aFileTheParentSawChangedInTheSecondBeforeItBeganIsReadAgainThoughItsTimesAreTheSame() {
        // the kernel stamps times in ticks: a file written again in the tick the parent read it keeps its times, so
        // only files whose last change was well before the parent began may be trusted by their metadata
        Snapshotter prompt = new Snapshotter(store, new ObjectWriter(store, SnapshotRoundTripTest.SMALL), pool, 3,
                Clock.systemUTC());
        SnapshotManifest parent = prompt.snapshot(new SnapshotRequest(source, "shop/data", "nightly", Map.of(), null)).manifest();
        SnapshotResult next = snapshotter.snapshot(new SnapshotRequest(source, "shop/data", "nightly", Map.of(), parent));
        assertThat(next.manifest().stats().filesUnchanged()).as("every file was made less than a second before the parent began")
                .isZero();
        assertThat(next.manifest().stats().bytesReused()).isZero();
        assertThat(next.manifest().stats().bytesRead()).isPositive();

        SnapshotResult settled = snapshotter.snapshot(new SnapshotRequest(source, "shop/data", "nightly", Map.of(),
                next.manifest()));
        assertThat(settled.manifest().stats().bytesRead()).as("the same files, trusted once their parent began later").isZero();
        assertThat(settled.manifest().stats().filesUnchanged()).isPositive();
    }
}

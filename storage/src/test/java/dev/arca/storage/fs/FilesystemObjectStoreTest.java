package dev.arca.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStoreContract;
import dev.arca.storage.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path dir;

    @Override
    protected ObjectStore createStore() {
        return new FilesystemObjectStore(dir.resolve("location"));
    }

    @Override
    protected boolean removesAbandonedWrites() {
        return true;
    }

    @Test
    void aListingWhileAnotherThreadWritesNeverFailsOnAFileRenamedOrDeletedUnderIt() throws Exception {
        // a lock's heartbeat writes a temporary file and renames it into place: a listing of the locks that met the
        // temporary file between its directory read and its stat failed with NoSuchFileException
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                store.put("repository/locks/l" + (i % 4), new byte[] {(byte) i});
                if (i % 3 == 0) {
                    store.delete("repository/locks/l" + ((i + 2) % 4));
                }
            }
        });
        writer.start();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            for (int n = 0; n < 20_000 && System.nanoTime() < until; n++) {
                assertThat(store.list("repository/locks/")).allSatisfy(info -> assertThat(info.key()).matches("repository/locks/l[0-3]"));
            }
        } finally {
            stop.set(true);
            writer.join();
        }
    }

    @Test
    void aDirectoryIsLocalAndSaysSoThroughTheWrappersAroundIt() {
        assertThat(store.local()).isTrue();
        assertThat(new dev.arca.storage.ReadOnlyObjectStore(store, "dir").local()).isTrue();
        assertThat(new dev.arca.storage.RetryingObjectStore(store, 1, Duration.ofMillis(1), d -> { }).local()).isTrue();
    }

    @Test
    void aTemporaryFileOlderThanTheCutoffIsDeletedAndOneBeingWrittenIsKept() throws IOException {
        Path location = dir.resolve("location");
        Path killed = Files.createDirectories(location.resolve("repository/packs/ab")).resolve(".arca-tmp-killed");
        Files.write(killed, bytes("left by kill -9"));
        Files.setLastModifiedTime(killed, FileTime.from(Instant.now().minus(Duration.ofHours(25))));
        Path elsewhere = Files.createDirectories(location.resolve("backups/n")).resolve(".arca-tmp-also-old");
        Files.write(elsewhere, bytes("under another prefix"));
        Files.setLastModifiedTime(elsewhere, FileTime.from(Instant.now().minus(Duration.ofHours(25))));
        store.put("repository/packs/ab/abcd", bytes("committed"));
        Files.setLastModifiedTime(location.resolve("repository/packs/ab/abcd"), FileTime.from(Instant.now().minus(Duration.ofDays(30))));

        try (ObjectWriter writing = store.writer("repository/packs/ab/abef")) {
            writing.write(bytes("in progress"));

            assertThat(store.deleteAbandonedWrites("repository/", Instant.now().minus(Duration.ofHours(24)))).isEqualTo(1);

            assertThat(killed).doesNotExist();
            assertThat(elsewhere).as("not under the prefix").exists();
            try (Stream<Path> files = Files.list(location.resolve("repository/packs/ab"))) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("the committed object and the write in progress").hasSize(2).contains("abcd");
            }
            writing.commit();
        }
        assertThat(store.getBytes("repository/packs/ab/abef")).isEqualTo(bytes("in progress"));
        assertThat(store.getBytes("repository/packs/ab/abcd")).isEqualTo(bytes("committed"));
    }

    @Test
    void objectsAreFilesUnderTheRootAndDescribeNamesIt() throws IOException {
        store.put("backups/n/backup.json", bytes("{}"));

        assertThat(Files.readString(dir.resolve("location/backups/n/backup.json"))).isEqualTo("{}");
        assertThat(store.describe()).isEqualTo("dir " + dir.resolve("location"));
    }

    @Test
    void objectsAndTheDirectoriesHoldingThemAreForTheOwnerOnly() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        store.put("backups/n/backup.json", bytes("{}"));
        try (ObjectWriter w = store.writer("backups/n/resources.tar.zst")) {
            w.write(bytes("items"));
            w.commit();
        }
        store.createIfAbsent("repository/keys.json", bytes("{}"));

        for (String file : new String[] {"backups/n/backup.json", "backups/n/resources.tar.zst", "repository/keys.json"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("location/" + file))))
                    .as(file).isEqualTo("rw-------");
        }
        for (String directory : new String[] {"location", "location/backups", "location/backups/n", "location/repository"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(directory))))
                    .as(directory).isEqualTo("rwx------");
        }
    }

    @Test
    void anAbortedWriterLeavesNoTemporaryFileBehind() throws IOException {
        try (ObjectWriter w = store.writer("a/b")) {
            w.write(bytes("partial"));
        }

        try (Stream<Path> files = Files.walk(dir.resolve("location"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }
}

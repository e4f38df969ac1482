package dev.arca.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStoreContract;
import dev.arca.storage.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

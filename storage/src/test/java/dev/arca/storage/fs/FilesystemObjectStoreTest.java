package dev.arca.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStoreContract;
import dev.arca.storage.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void anAbortedWriterLeavesNoTemporaryFileBehind() throws IOException {
        try (ObjectWriter w = store.writer("a/b")) {
            w.write(bytes("partial"));
        }

        try (Stream<Path> files = Files.walk(dir.resolve("location"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }
}

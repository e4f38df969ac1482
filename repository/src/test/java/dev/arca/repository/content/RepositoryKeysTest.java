package dev.arca.repository.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
}

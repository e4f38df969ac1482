package dev.arca.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server resumes a backup whose run died with the process: the new run takes over the claim
 * the dead run left, but only that run's claim, and what the dead run wrote is replaced.
 */
class ResumedRunTest {
    private static final List<ItemKey> KEYS = List.of(ItemKey.namespaced("configmaps", "shop", "a"), ItemKey.cluster("namespaces", "shop"));

    @TempDir
    Path dir;
    ObjectStore store;

    @BeforeEach
    void store() {
        store = new FilesystemObjectStore(dir);
    }

    /** A writer whose process "dies": its claim stays, it never finishes nor aborts. */
    private void dieWhileWriting(String run) {
        ArchiveWriter dead = ArchiveWriter.resume(store, "nightly", ArchiveOptions.defaults(), run, null);
        dead.add(KEYS.get(0), TestBackups.json(KEYS.get(0)));
        // never closed, as after a kill -9: its claim stays in the location (its renewal thread is a daemon)
        assertThat(dead).isNotNull();
    }

    @Test
    void aNewRunTakesOverTheClaimOfTheDeadRunItNamesAndCompletes() {
        dieWhileWriting("server-a-1");
        assertThat(BackupLease.writer(store, "nightly").holder()).isEqualTo("server-a-1");

        try (ArchiveWriter resumed = ArchiveWriter.resume(store, "nightly", ArchiveOptions.defaults(), "server-b-2", "server-a-1")) {
            KEYS.forEach(k -> resumed.add(k, TestBackups.json(k)));
            resumed.finish(TestBackups.completed("nightly"));
        }
        try (ArchiveReader reader = ArchiveReader.open(store, "nightly")) {
            reader.verify();
            assertThat(TestBackups.readAll(reader).keySet()).containsExactlyInAnyOrderElementsOf(KEYS);
        }
        assertThat(store.exists(LocationLayout.writerKey("nightly"))).as("the claim is released").isFalse();
    }

    @Test
    void aClaimOfAnotherRunIsStillRefused() {
        dieWhileWriting("server-a-1");

        assertThatThrownBy(() -> ArchiveWriter.resume(store, "nightly", ArchiveOptions.defaults(), "server-b-2", "server-c-9"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("is being written by another run (server-a-1");
        assertThatThrownBy(() -> ArchiveWriter.resume(store, "nightly", ArchiveOptions.defaults(), "server-b-2", null))
                .isInstanceOf(ArcaException.InvalidInput.class);
        assertThat(BackupLease.writer(store, "nightly").holder()).isEqualTo("server-a-1");
    }

    @Test
    void aResumedRunAlsoTakesOverALapsedClaimButAFreshRunDoesNot() throws Exception {
        java.time.Instant past = java.time.Instant.now().minus(java.time.Duration.ofMinutes(20));
        store.put(LocationLayout.writerKey("nightly"), ArchiveJson.mapper().writeValueAsBytes(
                new Lease("nightly", "server-a-0", past, past.plus(BackupLease.DURATION))));

        assertThatThrownBy(() -> ArchiveWriter.create(store, "nightly")).isInstanceOf(ArcaException.InvalidInput.class);
        try (ArchiveWriter resumed = ArchiveWriter.resume(store, "nightly", ArchiveOptions.defaults(), "server-b-2", "server-a-1")) {
            KEYS.forEach(k -> resumed.add(k, TestBackups.json(k)));
            resumed.finish(TestBackups.completed("nightly"));
        }
        assertThat(LocationLayout.backupNames(store)).containsExactly("nightly");
    }
}

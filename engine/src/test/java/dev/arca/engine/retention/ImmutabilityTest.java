package dev.arca.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.archive.BackupManifest;
import dev.arca.archive.LocationLayout;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A location that keeps backups immutable for a period: Arca refuses to delete them earlier and says until when. */
class ImmutabilityTest {
    private static final Instant NOW = Backups.NOW;
    private static final Duration DAYS_30 = Duration.ofDays(30);

    @TempDir
    Path dir;
    ObjectStore store;

    @BeforeEach
    void store() {
        store = new FilesystemObjectStore(dir);
    }

    /** A backup that started {@code age} before NOW and expired an hour ago. */
    private void backup(String name, Duration age) {
        BackupManifest m = Backups.write(store, name, NOW.minus(Duration.ofHours(1)));
        Backups.rewrite(store, m.withStarted(NOW.minus(age)));
    }

    @Test
    void aBackupYoungerThanThePeriodIsNotDeletedAndTheErrorSaysUntilWhen() {
        backup("young", Duration.ofDays(10));
        Map<String, Long> before = Backups.objects(store);

        assertThatThrownBy(() -> new BackupDeleter(store, Clock.fixed(NOW, ZoneOffset.UTC), DAYS_30).delete("young"))
                .isInstanceOf(BackupImmutableException.class)
                .hasMessageContaining("immutable until " + NOW.minus(Duration.ofDays(10)).plus(DAYS_30));
        assertThat(Backups.objects(store)).isEqualTo(before);
    }

    @Test
    void aBackupOlderThanThePeriodIsDeletedAsUsual() {
        backup("old", Duration.ofDays(31));

        new BackupDeleter(store, Clock.fixed(NOW, ZoneOffset.UTC), DAYS_30).delete("old");

        assertThat(LocationLayout.backupNames(store)).isEmpty();
    }

    @Test
    void pruneKeepsAnExpiredButImmutableBackupWithTheReason() {
        backup("young", Duration.ofDays(10));
        backup("old", Duration.ofDays(31));

        PruneResult result = new BackupPruner(store, Clock.fixed(NOW, ZoneOffset.UTC), DAYS_30).prune(false);

        assertThat(result.deleted()).extracting(PruneResult.Deleted::backup).containsExactly("old");
        assertThat(result.kept()).singleElement().satisfies(k -> {
            assertThat(k.backup()).isEqualTo("young");
            assertThat(k.why()).isEqualTo(PruneResult.Why.immutable);
            assertThat(k.reason()).contains("immutable until");
        });
        assertThat(result.hasFailures()).isFalse();
        assertThat(LocationLayout.backupNames(store)).containsExactly("young");
    }
}

package dev.arca.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The location's retention lock: created once, raised, never lowered, and never misread as "no lock". */
class RetentionLockTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration DAYS_30 = Duration.ofDays(30);

    @TempDir
    Path dir;
    ObjectStore store;

    @BeforeEach
    void store() {
        store = new FilesystemObjectStore(dir);
    }

    @Test
    void aLocationWithoutTheObjectHasNoLock() {
        assertThat(RetentionLock.read(store)).isEmpty();
    }

    @Test
    void theFirstSetCreatesTheObjectWithPeriodTimeAndWho() {
        RetentionLock lock = RetentionLock.setAtLeast(store, DAYS_30, T0, "ops@host-a");

        assertThat(RetentionLock.read(store)).contains(lock);
        assertThat(new String(store.getBytes(LocationLayout.RETENTION_KEY), StandardCharsets.UTF_8))
                .contains("\"immutableFor\" : \"PT720H\"").contains("\"setAt\" : \"2026-12-01T00:00:00Z\"").contains("ops@host-a");
    }

    @Test
    void aShorterPeriodIsRefusedAndTheStoredOneStays() {
        RetentionLock.setAtLeast(store, DAYS_30, T0, "ops@host-a");

        assertThatThrownBy(() -> RetentionLock.setAtLeast(store, Duration.ofDays(7), T0.plusSeconds(60), "eve@host-b"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("already keeps backups immutable for 30d")
                .hasMessageContaining("set at " + T0 + " by ops@host-a")
                .hasMessageContaining("--immutable-for 7d is refused")
                .hasMessageContaining("give at least 30d");
        assertThat(RetentionLock.read(store).orElseThrow().immutableFor()).isEqualTo(DAYS_30);
    }

    @Test
    void theSamePeriodKeepsTheLockAndALongerOneRaisesIt() {
        RetentionLock first = RetentionLock.setAtLeast(store, DAYS_30, T0, "ops@host-a");

        assertThat(RetentionLock.setAtLeast(store, DAYS_30, T0.plusSeconds(60), "ops@host-b")).isEqualTo(first);
        RetentionLock raised = RetentionLock.setAtLeast(store, Duration.ofDays(90), T0.plusSeconds(120), "ops@host-b");

        assertThat(RetentionLock.read(store)).contains(raised);
        assertThat(raised.immutableFor()).isEqualTo(Duration.ofDays(90));
        assertThat(raised.setBy()).isEqualTo("ops@host-b");
    }

    @Test
    void aLockCreatedByAnotherClientMeanwhileIsComparedNotReplaced() {
        AtomicBoolean raced = new AtomicBoolean();
        ObjectStore racing = new dev.arca.storage.ForwardingObjectStore(store) {
            @Override
            public boolean createIfAbsent(String key, byte[] data) {
                if (raced.compareAndSet(false, true)) { // the other client wins the race with a longer period
                    store.createIfAbsent(key, json(RetentionLock.of(Duration.ofDays(60), T0, "other@host")));
                }
                return super.createIfAbsent(key, data);
            }
        };

        assertThatThrownBy(() -> RetentionLock.setAtLeast(racing, DAYS_30, T0, "ops@host-a"))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("immutable for 60d");
        assertThat(RetentionLock.read(store).orElseThrow().setBy()).isEqualTo("other@host");
    }

    @Test
    void anObjectThatIsNotAValidLockIsCorruptNamingItNeverNoLock() {
        for (String forged : new String[] {"", "{", "{}", "{\"formatVersion\":1,\"immutableFor\":\"PT0S\",\"setAt\":\"" + T0
                + "\",\"setBy\":\"x\"}", "{\"formatVersion\":1,\"immutableFor\":\"-PT720H\",\"setAt\":\"" + T0 + "\",\"setBy\":\"x\"}"}) {
            store.put(LocationLayout.RETENTION_KEY, forged.getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> RetentionLock.read(store)).as(forged)
                    .isInstanceOf(ArcaException.Corrupt.class)
                    .hasMessageStartingWith("the retention lock arca/retention.json in " + store.describe() + " cannot be read")
                    .hasMessageContaining("No backup of this location is deleted while it cannot be");
            assertThatThrownBy(() -> RetentionLock.setAtLeast(store, DAYS_30, T0, "ops@host-a")).as(forged)
                    .isInstanceOf(ArcaException.Corrupt.class);
        }
    }

    @Test
    void periodsArePrintedAsPeopleWriteThem() {
        assertThat(RetentionLock.human(DAYS_30)).isEqualTo("30d");
        assertThat(RetentionLock.human(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(RetentionLock.human(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(RetentionLock.human(Duration.ofSeconds(45))).isEqualTo("45s");
    }

    private static byte[] json(RetentionLock lock) {
        try {
            return ArchiveJson.mapper().writeValueAsBytes(lock);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

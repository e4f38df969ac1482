package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.repository.RepositoryLock.Kind;
import dev.arca.repository.RepositoryLock.Timing;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.time.MovableClock;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository lock: heartbeats, staleness by missed beats, unreadable locks, identity, and losing a lock. */
class RepositoryLockTest {
    private static final Timing FAST = new Timing(Duration.ofMillis(20), Duration.ofMinutes(10));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ObjectStore store;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T00:00:00Z"));

    @BeforeEach
    void setUp() {
        store = new FilesystemObjectStore(dir);
    }

    @Test
    void aLockHeldForMoreThanADayStaysLiveWhileItsHeartbeatRuns() {
        try (RepositoryLock backup = RepositoryLock.acquire(store, Kind.backup, clock, FAST, Set.of())) {
            clock.advance(Duration.ofHours(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.parse(stored(backup.key()).get("heartbeat").asText())
                    .equals(clock.instant()));

            assertThatThrownBy(() -> RepositoryLock.acquire(store, Kind.maintain, clock, FAST, Set.of()))
                    .isInstanceOf(ArcaException.class)
                    .hasMessageContaining("is busy: backup by process " + ProcessHandle.current().pid());
            assertThat(store.exists(backup.key())).as("a live lock is never removed as stale").isTrue();
        }
        assertThat(store.list(RepositoryLock.PREFIX)).as("closing removes it").isEmpty();
    }

    @Test
    void aLockWhoseHeartbeatStoppedIsStaleOnlyAfterSeveralMissedBeats() {
        String key = RepositoryLock.PREFIX + "backup-elsewhere.json";
        store.put(key, holderJson("backup", clock.instant().minus(Duration.ofMinutes(5))));
        assertThatThrownBy(() -> RepositoryLock.acquire(store, Kind.maintain, clock, FAST, Set.of()))
                .hasMessageContaining("is busy: backup by process 4242 on elsewhere");

        clock.advance(Duration.ofMinutes(6));
        try (RepositoryLock maintain = RepositoryLock.acquire(store, Kind.maintain, clock, FAST, Set.of())) {
            assertThat(store.exists(key)).as("eleven minutes without a heartbeat: stale, removed").isFalse();
            assertThat(store.exists(maintain.key())).isTrue();
        }
    }

    @Test
    void aLockWithoutHeartbeatFromAnOlderArcaKeepsItsOwnRuleAndIsStaleOnlyADayAfterItWasTaken() {
        String key = RepositoryLock.PREFIX + "backup-old-client.json";
        Instant started = clock.instant();
        store.put(key, ("{\"kind\":\"backup\",\"host\":\"unknown-host\",\"pid\":4242,\"started\":\"" + started + "\"}")
                .getBytes(StandardCharsets.UTF_8));

        clock.advance(Duration.ofHours(1));
        assertThatThrownBy(() -> RepositoryLock.acquire(store, Kind.maintain, clock, FAST, Set.of()))
                .as("an hour into an old client's backup, which never renews its lock")
                .hasMessageContaining("is busy: backup by process 4242 on unknown-host")
                .hasMessageContaining("does not renew its lock");
        clock.advance(Duration.ofHours(22));
        assertThatThrownBy(() -> RepositoryLock.acquire(store, Kind.maintain, clock, FAST, Set.of())).hasMessageContaining("is busy");
        assertThat(store.exists(key)).isTrue();

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        try (RepositoryLock maintain = RepositoryLock.acquire(store, Kind.maintain, clock, FAST, Set.of())) {
            assertThat(store.exists(key)).as("more than 24 h after it was taken: stale, removed").isFalse();
        }
    }

    @Test
    void aLockOfAProcessThatDiedOnThisHostInThisPidNamespaceIsStaleAtOnce() throws Exception {
        String namespace = RepositoryLock.pidNamespace();
        assumeTrue(namespace != null, "needs Linux's /proc/self/ns/pid");
        String host = InetAddress.getLocalHost().getHostName();
        String key = RepositoryLock.PREFIX + "backup-killed.json";

        store.put(key, holderJson("backup", host, 2147483000L, "pid:[1]", clock.instant()));
        assertThatThrownBy(() -> RepositoryLock.acquire(store, Kind.maintain, clock, FAST, Set.of()))
                .as("another PID namespace (another container with this host name): its pids mean nothing here")
                .hasMessageContaining("is busy: backup by process 2147483000");
        store.put(key, holderJson("backup", host, ProcessHandle.current().pid(), namespace, clock.instant()));
        assertThatThrownBy(() -> RepositoryLock.acquire(store, Kind.maintain, clock, FAST, Set.of()))
                .as("a pid that runs (here: reused by this very JVM) keeps the lock").hasMessageContaining("is busy");

        store.put(key, holderJson("backup", host, 2147483000L, namespace, clock.instant()));
        RepositoryLock.acquire(store, Kind.maintain, clock, FAST, Set.of()).close();
        assertThat(store.exists(key)).as("its process is gone: removed without waiting for its heartbeat to age").isFalse();
    }

    @Test
    void anUnreadableLockIsHeldByAnyKindAndTheErrorNamesItAndUnlock() {
        String garbage = RepositoryLock.PREFIX + "maintain-0123.json";
        store.put(garbage, "{\"kind\":\"maint".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RepositoryLock.acquire(store, Kind.restore, clock, FAST, Set.of()))
                .isInstanceOf(ArcaException.class)
                .hasMessageContaining("has a lock that cannot be read, " + garbage)
                .hasMessageContaining("treated as held")
                .hasMessageContaining("'arca repo unlock' removes it");
        assertThat(store.exists(garbage)).as("never deleted as if it were no lock").isTrue();

        store.put(garbage, "{\"host\":\"h\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RepositoryLock.acquire(store, Kind.backup, clock, FAST, Set.of()))
                .hasMessageContaining("it names no kind of holder or no time");
        assertThat(RepositoryLock.removeAll(store)).isEqualTo(1);
        RepositoryLock.acquire(store, Kind.backup, clock, FAST, Set.of()).close();
    }

    @Test
    void theHolderIsARandomProcessIdWithHostAndPidForPeople() throws Exception {
        try (RepositoryLock lock = RepositoryLock.acquire(store, Kind.verify, clock, FAST, Set.of())) {
            JsonNode holder = stored(lock.key());
            assertThat(UUID.fromString(holder.get("process").asText()).toString()).isEqualTo(RepositoryLock.PROCESS);
            assertThat(holder.get("host").asText()).isEqualTo(InetAddress.getLocalHost().getHostName());
            assertThat(holder.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(holder.get("kind").asText()).isEqualTo("verify");
        }
    }

    @Test
    void aRemovedLockIsNeverWrittenBackByItsHeartbeatAndIsNoLongerHeld() {
        try (RepositoryLock lock = RepositoryLock.acquire(store, Kind.maintain, clock, Timing.DEFAULT, Set.of())) {
            lock.confirmHeld();
            RepositoryLock.removeAll(store);
            lock.beat();
            assertThat(store.exists(lock.key())).as("the heartbeat does not resurrect it").isFalse();
            assertThatThrownBy(lock::confirmHeld).isInstanceOf(ArcaException.class)
                    .hasMessageContaining("the maintain lock " + lock.key())
                    .hasMessageContaining("is no longer held: it was removed")
                    .hasMessageContaining("Stopped before changing anything more");
        }
        assertThat(store.list(RepositoryLock.PREFIX)).isEmpty();
    }

    @Test
    void aLockReplacedByAnotherHolderIsNoLongerHeldAndIsLeftToThatHolder() {
        RepositoryLock lock = RepositoryLock.acquire(store, Kind.maintain, clock, Timing.DEFAULT, Set.of());
        store.put(lock.key(), holderJson("maintain", clock.instant()));
        assertThatThrownBy(lock::confirmHeld).hasMessageContaining("it now names another holder: maintain by process 4242");
        lock.close();
        assertThat(store.exists(lock.key())).isTrue();
    }

    @Test
    void aLockWhoseHeartbeatsFailedForTooLongIsNoLongerHeld() {
        try (RepositoryLock lock = RepositoryLock.acquire(store, Kind.maintain, clock, Timing.DEFAULT, Set.of())) {
            clock.advance(Duration.ofMinutes(9).plusSeconds(1));
            assertThatThrownBy(lock::confirmHeld).hasMessageContaining("may have been judged stale");
            lock.beat();
            lock.confirmHeld();
        }
    }

    private JsonNode stored(String key) throws Exception {
        return JSON.readTree(store.getBytes(key));
    }

    private static byte[] holderJson(String kind, Instant heartbeat) {
        return holderJson(kind, "elsewhere", 4242, null, heartbeat);
    }

    private static byte[] holderJson(String kind, String host, long pid, String pidNamespace, Instant heartbeat) {
        return ("{\"kind\":\"" + kind + "\",\"process\":\"" + UUID.randomUUID() + "\",\"host\":\"" + host + "\",\"pid\":" + pid
                + (pidNamespace == null ? "" : ",\"pidNamespace\":\"" + pidNamespace + "\"")
                + ",\"started\":\"" + heartbeat.minus(Duration.ofDays(2)) + "\",\"heartbeat\":\"" + heartbeat + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}

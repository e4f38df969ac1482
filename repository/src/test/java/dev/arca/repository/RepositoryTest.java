package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.repository.content.RepositoryKeys;
import dev.arca.repository.maintenance.VerifyReport;
import dev.arca.repository.content.RepositoryLayout;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.crypto.EncryptedObjectStore;
import dev.arca.storage.crypto.LocationKeys;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.files.FileTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The joined layers: backup, incremental, restore, forget, maintain and verify through the facade. */
class RepositoryTest {
    @TempDir
    Path dir;

    private RepositoryOptions small() {
        return RepositoryOptions.defaults().withPackSize(1 << 20);
    }

    @Test
    void aTreeRoundTripsAndASecondBackupStoresOnlyWhatChanged() throws Exception {
        Path source = dir.resolve("source");
        FileTrees.populate(source, 200, 1);
        Map<String, String> before = FileTrees.describe(source);
        long total = FileTrees.size(source);
        ObjectStore location = new FilesystemObjectStore(dir.resolve("location"));
        SnapshotSummary first;
        SnapshotSummary second;
        // begins 2 seconds on, as a nightly would long after the tree's last change (a file changed in the second
        // before its parent snapshot began is read again: IncrementalSnapshotTest)
        try (Repository repo = Repository.open(location, small().withClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2))))) {
            first = repo.backup(source, "shop/data", "b1", Map.of());
            Files.writeString(source.resolve("d4/sub2/file-11.txt"), "an edit", StandardCharsets.UTF_8);
            second = repo.backup(source, "shop/data", "b2", Map.of());
        }
        assertThat(first.files()).isEqualTo(202);
        assertThat(first.bytes()).isEqualTo(first.bytesRead()).isEqualTo(total);
        assertThat(first.bytesStored()).isPositive().isLessThan(first.bytesRead());
        assertThat(second.parent()).isEqualTo(first.id());
        assertThat(second.filesUnchanged()).isEqualTo(201);
        assertThat(second.bytesRead()).isEqualTo(7);
        assertThat(second.bytesStored()).isLessThan(first.bytesStored() / 10);

        try (Repository repo = Repository.open(location, small())) {
            assertThat(repo.snapshots()).extracting(SnapshotSummary::backup).containsExactly("b1", "b2");
            RestoreSummary restored = repo.restore(first.id(), dir.resolve("restored"));
            assertThat(restored.files()).isEqualTo(202);
            assertThat(repo.verify(1.0).ok()).isTrue();
        }
        assertThat(FileTrees.describe(dir.resolve("restored"))).isEqualTo(before);
    }

    @Test
    void forgottenBackupsLoseTheirDataAtMaintenanceAfterTheSafetyDelayOnly() throws Exception {
        Path source = dir.resolve("source");
        FileTrees.populate(source, 60, 2);
        ObjectStore location = new FilesystemObjectStore(dir.resolve("location"));
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));
        try (Repository repo = Repository.open(location, small())) {
            repo.backup(source, "shop/data", "b1", Map.of());
            long packed = packBytes();
            assertThat(repo.forgetBackup("b1")).isEqualTo(1);
            assertThat(repo.forgetBackup("b1")).isZero();
            repo.maintain(Duration.ofHours(24));
            assertThat(packBytes()).as("younger than the safety delay: kept").isEqualTo(packed);
        }
        try (Repository repo = Repository.open(location, small().withClock(later))) {
            repo.maintain(Duration.ofHours(24));
            assertThat(packBytes()).as("older than the delay and referenced by nothing: dropped").isZero();
            assertThat(repo.verify(1.0).ok()).isTrue();
        }
    }

    @Test
    void maintenanceWaitsForALiveBackupButNotForOneWhoseHeartbeatStoppedAndUnlockClearsEveryLock() throws Exception {
        Path source = dir.resolve("source");
        FileTrees.populate(source, 10, 5);
        ObjectStore location = new FilesystemObjectStore(dir.resolve("location"));
        String host = java.net.InetAddress.getLocalHost().getHostName();
        java.time.Instant now = java.time.Instant.now();
        try (Repository repo = Repository.open(location, small())) {
            repo.backup(source, "shop/data", "b1", Map.of());
            assertThat(location.list(RepositoryLock.PREFIX)).as("only the session's own lock after the backup")
                    .singleElement().satisfies(l -> assertThat(l.key()).startsWith(RepositoryLock.PREFIX + "session-"));

            location.put(RepositoryLock.PREFIX + "backup-live.json", lockJson("backup", host, now.minus(Duration.ofMinutes(5))));
            assertThatThrownBy(() -> repo.maintain(Duration.ZERO)).isInstanceOf(ArcaException.class)
                    .hasMessageContaining("is busy: backup by process 4242 on " + host)
                    .hasMessageContaining("arca repo unlock");
            assertThat(repo.backup(source, "shop/data", "b2", Map.of()).files()).as("backups share").isEqualTo(12);
            assertThatThrownBy(() -> repo.verify(0)).as("verify waits for backups").hasMessageContaining("is busy");

            location.put(RepositoryLock.PREFIX + "backup-live.json", lockJson("backup", host, now.minus(Duration.ofMinutes(11))));
            repo.maintain(Duration.ZERO);
            assertThat(location.exists(RepositoryLock.PREFIX + "backup-live.json")).as("a lock without heartbeat for 10 min is removed")
                    .isFalse();

            location.put(RepositoryLock.PREFIX + "maintain-elsewhere.json", lockJson("maintain", "another-host", now));
            assertThatThrownBy(() -> repo.backup(source, "shop/data", "b3", Map.of())).hasMessageContaining("maintain by process 4242 on another-host");
            assertThat(Repository.unlock(location)).as("the other host's lock and this session's").isEqualTo(2);
            assertThat(repo.backup(source, "shop/data", "b3", Map.of()).files()).isEqualTo(12);
        }
    }

    @Test
    void maintenanceWhoseLockIsRemovedWhileItRunsStopsBeforeDeletingAnything() throws Exception {
        Path source = dir.resolve("source");
        FileTrees.populate(source, 30, 6);
        ObjectStore location = new FilesystemObjectStore(dir.resolve("location"));
        try (Repository repo = Repository.open(location, small())) {
            repo.backup(source, "shop/data", "b1", Map.of());
            repo.forgetBackup("b1");
        }
        long packed = packBytes();
        var indexes = location.list(RepositoryLayout.INDEX);
        ObjectStore unlockedMidway = new ForwardingObjectStore(location) {
            @Override
            public java.util.List<ObjectInfo> list(String prefix) {
                if (prefix.equals(RepositoryLayout.PACKS)) {
                    Repository.unlock(delegate); // as 'arca repo unlock' from another terminal, once maintenance has begun
                }
                return super.list(prefix);
            }
        };
        try (Repository repo = Repository.open(unlockedMidway, small())) {
            assertThatThrownBy(() -> repo.maintain(Duration.ZERO)).isInstanceOf(ArcaException.class)
                    .hasMessageContaining("lock repository/locks/maintain-")
                    .hasMessageContaining("is no longer held: it was removed");
        }
        assertThat(packBytes()).as("no pack deleted").isEqualTo(packed);
        assertThat(location.list(RepositoryLayout.INDEX)).as("the old index files are still there").containsAll(indexes);
    }

    private static byte[] lockJson(String kind, String host, java.time.Instant heartbeat) {
        return ("{\"kind\":\"" + kind + "\",\"process\":\"" + java.util.UUID.randomUUID() + "\",\"host\":\"" + host
                + "\",\"pid\":4242,\"started\":\"" + heartbeat.minus(Duration.ofDays(3)) + "\",\"heartbeat\":\"" + heartbeat + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEncryptedLocationWrapsTheKeysAndPacksAreSealedOnlyOnce() throws Exception {
        Path source = dir.resolve("source");
        FileTrees.populate(source, 30, 3);
        FilesystemObjectStore raw = new FilesystemObjectStore(dir.resolve("location"));
        ObjectStore location = new EncryptedObjectStore(raw,
                LocationKeys.openOrCreate(raw, "enc", "a passphrase".toCharArray(), new LocationKeys.Kdf(1 << 10, 8, 1), Clock.systemUTC()));
        try (Repository repo = Repository.open(location, small())) {
            repo.backup(source, "shop/data", "b1", Map.of());
        }
        String keysOnDisk = Files.readString(dir.resolve("location").resolve(RepositoryKeys.KEY), StandardCharsets.ISO_8859_1);
        assertThat(keysOnDisk).doesNotContain("idKey").doesNotContain("dataKey");
        assertThatThrownBy(() -> RepositoryKeys.open(raw)).isInstanceOf(ArcaException.class);
        long packed = packBytes();
        assertThat(packed).as("packs hold compressed data, not a second envelope of it").isLessThan(FileTrees.size(source));
        try (Repository repo = Repository.open(location, small())) {
            VerifyReport report = repo.verify(1.0);
            assertThat(report.ok()).as("%s", report.problems()).isTrue();
            assertThat(report.chunksRead()).isEqualTo(report.chunks());
        }
    }

    @Test
    void verifyFindsAChunkAlteredInItsPackAndNamesIt() throws Exception {
        Path source = dir.resolve("source");
        FileTrees.populate(source, 30, 4);
        ObjectStore location = new FilesystemObjectStore(dir.resolve("location"));
        try (Repository repo = Repository.open(location, small())) {
            repo.backup(source, "shop/data", "b1", Map.of());
        }
        Path pack;
        try (Stream<Path> packs = Files.walk(dir.resolve("location/repository/packs"))) {
            pack = packs.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(pack, bytes);
        try (Repository repo = Repository.open(location, small())) {
            VerifyReport report = repo.verify(1.0);
            assertThat(report.ok()).isFalse();
            assertThat(report.problems()).anySatisfy(p -> {
                assertThat(p.kind()).isEqualTo(VerifyReport.Kind.CORRUPT_CHUNK);
                assertThat(p.object()).contains(pack.getFileName().toString());
            });
        }
    }

    @Test
    void aDirectoryGetsHalfSizePacksAndAnExplicitSizeWins() throws Exception {
        assertThat(RepositoryOptions.defaults().packSizeFor(true)).isEqualTo(8 << 20);
        assertThat(RepositoryOptions.defaults().packSizeFor(false)).isEqualTo(16 << 20);
        assertThat(RepositoryOptions.defaults().withPackSize(1 << 20).packSizeFor(false)).isEqualTo(1 << 20);
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        byte[] data = new byte[20 << 20];
        new java.util.Random(7).nextBytes(data); // incompressible: 20 MiB stored
        Files.write(source.resolve("blob"), data);
        try (Repository repo = Repository.open(new FilesystemObjectStore(dir.resolve("location")), RepositoryOptions.defaults())) {
            repo.backup(source, "shop/data", "b1", Map.of());
        }
        try (Stream<Path> walk = Files.walk(dir.resolve("location/repository/packs"))) {
            java.util.List<Long> sizes = walk.filter(Files::isRegularFile).map(p -> p.toFile().length()).toList();
            assertThat(sizes).hasSizeGreaterThanOrEqualTo(3).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(8L << 20));
        }
    }

    private long packBytes() throws Exception {
        Path packs = dir.resolve("location/repository/packs");
        if (!Files.exists(packs)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(packs)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

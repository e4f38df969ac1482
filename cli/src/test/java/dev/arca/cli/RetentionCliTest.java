package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.archive.ArchiveWriter;
import dev.arca.archive.BackupLease;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.ItemKey;
import dev.arca.archive.LocationLayout;
import dev.arca.archive.RetentionLock;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.crypto.EncryptedObjectStore;
import dev.arca.storage.crypto.LocationKeys;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prune, verify and delete against backups written straight into the default location: no cluster. */
class RetentionCliTest {
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path home;
    Cli arca;
    ObjectStore store;

    @BeforeEach
    void location() {
        arca = new Cli(home, null);
        store = new FilesystemObjectStore(home.resolve("backups")); // the default location's directory
    }

    private void backup(String name, Instant expires) {
        backup(store, name, expires);
    }

    private static BackupManifest backup(ObjectStore store, String name, Instant expires) {
        try (ArchiveWriter writer = ArchiveWriter.create(store, name)) {
            writer.add(ItemKey.cluster("namespaces", "shop"), "{\"metadata\":{\"name\":\"shop\"}}".getBytes(StandardCharsets.UTF_8));
            writer.add(ItemKey.namespaced("configmaps", "shop", "settings"),
                    "{\"metadata\":{\"name\":\"settings\"}}".getBytes(StandardCharsets.UTF_8));
            writer.log("{\"msg\":\"backed up\"}");
            return writer.finish(BackupManifest.draft(name, BackupSpec.everything(), Instant.now().minus(DAY))
                    .withPhase(Phase.Completed).withExpires(expires));
        }
    }

    @Test
    void pruneDeletesExpiredBackupsAndSaysWhatItKeptAndWhy() {
        Instant expired = Instant.now().minus(DAY);
        backup("old", expired);
        backup("fresh", Instant.now().plus(DAY));

        Cli.Result r = arca.run("backup", "prune");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("old\\s+deleted\\s+expired at " + expired)
                .containsPattern("fresh\\s+kept\\s+expires at ")
                .contains("pruned 1 of 2 backups in location \"default\"; 1 kept");
        assertThat(LocationLayout.backupNames(store)).containsExactly("fresh");
        assertThat(store.list("backups/old/")).isEmpty();
    }

    @Test
    void aDryRunShowsWhatWouldGoAndDeletesNothing() {
        backup("old", Instant.now().minus(DAY));

        Cli.Result r = arca.run("backup", "prune", "--dry-run");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("old\\s+would delete")
                .contains("dry run: 1 of 1 backups in location \"default\" would be deleted; nothing was deleted");
        assertThat(LocationLayout.backupNames(store)).containsExactly("old");
    }

    @Test
    void pruneKeepsABackupARestoreIsReadingAndPrintsJsonOnRequest() throws Exception {
        backup("old", Instant.now().minus(DAY));

        try (BackupLease lease = BackupLease.acquire(store, "old", "r1", Clock.systemUTC())) {
            Cli.Result r = arca.run("backup", "prune", "-o", "json");

            assertThat(r.code()).as(r.toString()).isZero();
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertThat(json.path("deleted")).isEmpty();
            assertThat(json.path("kept").path(0).path("why").asText()).isEqualTo("leased");
            assertThat(json.path("kept").path(0).path("reason").asText())
                    .contains("being read by restore \"r1\" (lease until " + lease.lease().expires() + ")");
        }
        assertThat(LocationLayout.backupNames(store)).containsExactly("old");
    }

    @Test
    void pruneRemovesTheTemporaryFilesOfAKilledBackupOnceOlderThanTheSafetyDelay() throws Exception {
        backup("fresh", Instant.now().plus(DAY));
        Path killed = leftover("backups/killed/.arca-tmp-1", Instant.now().minus(Duration.ofHours(3)));
        Path writing = leftover("backups/running/.arca-tmp-2", Instant.now().minus(Duration.ofMinutes(5)));

        Cli.Result r = arca.run("backup", "prune", "--safety-delay", "2h");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("removed 1 unfinished write of killed backups (older than 2h)");
        assertThat(killed).doesNotExist();
        assertThat(writing).as("a backup writing now").exists();
        assertThat(LocationLayout.backupNames(store)).containsExactly("fresh");
    }

    private Path leftover(String key, Instant modified) throws java.io.IOException {
        Path file = home.resolve("backups").resolve(key);
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.write(file, new byte[] {1});
        java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(modified));
        return file;
    }

    @Test
    void pruneReportsABackupItCannotReadWithExitCodeThree() {
        backup("broken", Instant.now().minus(DAY));
        store.put(LocationLayout.manifestKey("broken"), "{".getBytes(StandardCharsets.UTF_8));

        Cli.Result r = arca.run("backup", "prune");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PARTIALLY_FAILED);
        assertThat(r.out()).containsPattern("broken\\s+kept\\s+backup \"broken\": backup.json is not a valid manifest");
        assertThat(store.exists(LocationLayout.resourcesKey("broken"))).isTrue();
    }

    @Test
    void pruneRefusesAReadOnlyLocationUnlessItIsADryRun() {
        backup("old", Instant.now().minus(DAY));
        arca.run("location", "add", "ro", "--dir", home.resolve("backups").toString(), "--access-mode", "ReadOnly",
                "--encryption", "none");

        Cli.Result refused = arca.run("backup", "prune", "--storage-location", "ro");
        Cli.Result dry = arca.run("backup", "prune", "--storage-location", "ro", "--dry-run");

        assertThat(refused.code()).as(refused.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(refused.err()).contains("location \"ro\" is ReadOnly").contains("--dry-run");
        assertThat(dry.code()).as(dry.toString()).isZero();
        assertThat(dry.out()).containsPattern("old\\s+would delete");
        assertThat(LocationLayout.backupNames(store)).containsExactly("old");
    }

    @Test
    void deleteRefusesABackupARestoreIsReadingNamingTheRestoreAndUntilWhen() {
        backup("b1", null);

        try (BackupLease lease = BackupLease.acquire(store, "b1", "r1", Clock.systemUTC())) {
            Cli.Result refused = arca.run("backup", "delete", "b1", "--confirm");

            assertThat(refused.code()).as(refused.toString()).isEqualTo(ExitCode.FAILED);
            assertThat(refused.err()).contains("error: backup \"b1\" is being read by restore \"r1\" (lease until "
                    + lease.lease().expires() + "); try again later");
            assertThat(LocationLayout.backupNames(store)).containsExactly("b1");
        }

        Cli.Result deleted = arca.run("backup", "delete", "b1", "--confirm");
        assertThat(deleted.code()).as(deleted.toString()).isZero();
        assertThat(store.list("backups/b1/")).isEmpty();
    }

    @Test
    void verifyReportsAGoodBackupInWordsAndInYaml() {
        backup("b1", null);

        Cli.Result r = arca.run("backup", "verify", "b1");
        Cli.Result yaml = arca.run("backup", "verify", "b1", "-o", "yaml");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualToIgnoringNewLines("backup \"b1\" verified: 2 items, 3 files, all checksums match");
        assertThat(yaml.code()).as(yaml.toString()).isZero();
        assertThat(yaml.out()).contains("items: 2").contains("files: 3").contains("logLines: 1");
    }

    @Test
    void verifyNamesATamperedFileWithExitCodeOne() {
        backup("b1", null);
        byte[] stored = store.getBytes(LocationLayout.resourcesKey("b1"));
        stored[stored.length / 2] ^= 0x01;
        store.put(LocationLayout.resourcesKey("b1"), stored);

        Cli.Result r = arca.run("backup", "verify", "b1");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("resources.tar.zst is corrupt (sha256 mismatch)");
    }

    @Test
    void verifyNamesAMissingPart() {
        backup("b1", null);
        store.delete(LocationLayout.backupLogKey("b1"));

        Cli.Result r = arca.run("backup", "verify", "b1");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("log.jsonl.zst is missing");
    }

    @Test
    void verifyOfAnUnknownBackupSaysHowToListThem() {
        Cli.Result r = arca.run("backup", "verify", "ghost");

        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("backup \"ghost\" not found").contains("arca backup get");
    }

    @Test
    void anImmutabilityPeriodSetInOneHomeBindsAnotherHomeAndSurvivesForgettingTheLocation(@TempDir Path homeB,
                                                                                           @TempDir Path shared) throws Exception {
        Path vault = shared.resolve("vault");
        Path passphrase = Files.writeString(shared.resolve("passphrase"), "correct horse battery staple");
        Cli.Result added = arca.run("location", "add", "vault", "--dir", vault.toString(), "--passphrase-file", passphrase.toString(),
                "--immutable-for", "30d", "--default");
        assertThat(added.code()).as(added.toString()).isZero();
        assertThat(added.err()).contains("location \"vault\" keeps backups immutable for 30d (retention lock arca/retention.json");
        ObjectStore raw = new FilesystemObjectStore(vault);
        ObjectStore encrypted = new EncryptedObjectStore(raw, LocationKeys.open(raw, "vault", "correct horse battery staple".toCharArray()));
        BackupManifest b1 = backup(encrypted, "b1", Instant.now().minus(DAY)); // expired, so only the lock keeps it
        String until = b1.started().plus(Duration.ofDays(30)).toString().substring(0, 16);

        Cli b = new Cli(homeB, null);
        Cli.Result addedInB = b.run("location", "add", "vault", "--dir", vault.toString(), "--passphrase-file", passphrase.toString(),
                "--default");
        assertThat(addedInB.code()).as(addedInB.toString()).isZero();
        assertThat(addedInB.err()).contains("note: location \"vault\" keeps backups immutable for 30d");
        assertThat(Files.readString(homeB.resolve("config.yaml"))).doesNotContain("immutableFor");
        Cli.Result deleteInB = b.run("backup", "delete", "b1", "--confirm");
        assertThat(deleteInB.code()).as(deleteInB.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(deleteInB.err()).contains("backup \"b1\" is immutable until " + until)
                .contains("keeps backups for 30d (retention lock arca/retention.json, set at ");
        Cli.Result pruneInB = b.run("backup", "prune");
        assertThat(pruneInB.code()).as(pruneInB.toString()).isZero();
        assertThat(pruneInB.out()).containsPattern("b1\\s+kept\\s+expired at .* but is immutable until " + until);

        assertThat(arca.run("location", "delete", "vault").code()).isZero();
        Cli.Result readded = arca.run("location", "add", "vault", "--dir", vault.toString(), "--passphrase-file",
                passphrase.toString(), "--default");
        assertThat(readded.code()).as(readded.toString()).isZero();
        Cli.Result deleteInA = arca.run("backup", "delete", "b1", "--confirm");
        assertThat(deleteInA.code()).as(deleteInA.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(deleteInA.err()).contains("backup \"b1\" is immutable until " + until);

        Cli.Result lower = b.run("location", "add", "vault-7d", "--dir", vault.toString(), "--passphrase-file", passphrase.toString(),
                "--immutable-for", "7d");
        assertThat(lower.code()).as(lower.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(lower.err()).contains("already keeps backups immutable for 30d").contains("never lowered")
                .contains("--immutable-for 7d is refused").contains("give at least 30d");
        assertThat(b.run("location", "get").out()).doesNotContain("vault-7d");
        assertThat(LocationLayout.backupNames(encrypted)).containsExactly("b1");
    }

    @Test
    void aLongerPeriodRaisesTheLocationsLockAndAReadOnlyLocationCannotTakeOne(@TempDir Path homeB) {
        Path dir = home.resolve("worm");
        assertThat(arca.run("location", "add", "worm", "--dir", dir.toString(), "--encryption", "none", "--immutable-for", "30d")
                .code()).isZero();

        Cli.Result raised = new Cli(homeB, null).run("location", "add", "worm", "--dir", dir.toString(), "--encryption", "none",
                "--immutable-for", "90d");
        Cli.Result readOnly = arca.run("location", "add", "ro", "--dir", dir.toString(), "--encryption", "none",
                "--access-mode", "ReadOnly", "--immutable-for", "120d");

        assertThat(raised.code()).as(raised.toString()).isZero();
        assertThat(RetentionLock.read(new FilesystemObjectStore(dir)).orElseThrow().immutableFor()).isEqualTo(Duration.ofDays(90));
        assertThat(readOnly.code()).as(readOnly.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(readOnly.err()).contains("--immutable-for is stored in the location itself, which a ReadOnly location cannot take");
        Cli.Result zero = arca.run("location", "add", "zero", "--dir", dir.toString(), "--encryption", "none", "--immutable-for", "0s");
        assertThat(zero.code()).as(zero.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(zero.err()).contains("--immutable-for must be longer than zero");
    }
}

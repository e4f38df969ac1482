package dev.arca.cli;

import dev.arca.api.Durations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI without a cluster: flags, locations, exit codes. */
class CliTest {
    @TempDir
    Path home;

    @Test
    void durationsAreReadAsVeleroUsersWriteThem() {
        assertThat(Durations.parse("--ttl", "720h")).isEqualTo(Duration.ofDays(30));
        assertThat(Durations.parse("--ttl", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("--ttl", "30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Durations.parse("--ttl", "36500d")).isEqualTo(Durations.LONGEST);
        assertThatThrownBy(() -> Durations.parse("--ttl", "1x")).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("--ttl").hasMessageContaining("720h");
        assertThatThrownBy(() -> Durations.parse("--ttl", "h")).isInstanceOf(ArcaException.InvalidInput.class);
    }

    @Test
    void aDurationPastOneHundredYearsOrOneThatOverflowsIsInvalidInputNamingTheFlag() {
        for (String tooLong : new String[] {"36500d1s", "876001h", "1000000000000d", "99999999999999999999999d",
                "106751991167300d", "9223372036854775807s1s"}) {
            assertThatThrownBy(() -> Durations.parse("--immutable-for", tooLong)).as(tooLong)
                    .isInstanceOf(ArcaException.InvalidInput.class)
                    .hasMessageContaining("--immutable-for").hasMessageContaining(tooLong).hasMessageContaining("100 years");
        }
    }

    @Test
    void everyDurationFlagRefusesAnOverlongValueBeforeAnythingIsWritten() {
        Cli arca = new Cli(home, null);
        String kubeconfig = home.resolve("none").toString(); // never read: the flag is refused first
        Cli.Result ttl = arca.run("backup", "create", "b", "--ttl", "1000000000000d", "--kubeconfig", kubeconfig);
        assertThat(ttl.code()).as(ttl.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(ttl.err()).contains("--ttl").contains("100 years");
        assertThat(home.resolve("backups")).doesNotExist();

        Cli.Result immutable = arca.run("location", "add", "vault", "--dir", home.resolve("vault").toString(), "--encryption", "none",
                "--immutable-for", "1000000000000d");
        assertThat(immutable.code()).as(immutable.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(immutable.err()).contains("--immutable-for").contains("100 years");
        assertThat(home.resolve("config.yaml")).doesNotExist();

        Cli.Result delay = arca.run("repo", "maintain", "--safety-delay", "99999999999999999999h");
        assertThat(delay.code()).as(delay.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(delay.err()).contains("--safety-delay").contains("100 years");
    }

    @Test
    void aVolumePolicyFileInVeleroFormatIsReadAndABadRuleIsNamed() throws Exception {
        Path file = home.resolve("policy.yaml");
        Files.writeString(file, """
                version: v1
                volumePolicies:
                  - conditions: {storageClass: [scratch]}
                    action: {type: skip}
                  - conditions: {capacity: "0,10Gi", storageClass: [standard]}
                    action: {type: fs-backup}
                """);
        dev.arca.api.VolumePolicy policy = VolumePolicyFile.read(file);
        assertThat(policy.rules()).extracting(dev.arca.api.VolumePolicy.Rule::action)
                .containsExactly(dev.arca.api.VolumePolicy.Action.skip, dev.arca.api.VolumePolicy.Action.fsBackup);
        assertThat(policy.rules().get(1).capacity()).isEqualTo("0,10Gi");
        assertThat(policy.rules().get(1).storageClasses()).containsExactly("standard");

        Files.writeString(file, "volumePolicies:\n  - conditions: {capacity: \"10Gi\"}\n    action: {type: skip}\n");
        assertThatThrownBy(() -> VolumePolicyFile.read(file)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("rule 1").hasMessageContaining("min,max");
        Files.writeString(file, "volumePolicies:\n  - action: {type: snapshot}\n");
        assertThatThrownBy(() -> VolumePolicyFile.read(file)).hasMessageContaining("\"snapshot\" is not skip or fs-backup");
        assertThatThrownBy(() -> VolumePolicyFile.read(home.resolve("missing.yaml"))).hasMessageContaining("does not exist");
    }

    @Test
    void errorsMapToTheExitCodesOfTheReadmeTable() {
        assertThat(ExitCode.of(new ArcaException.InvalidInput("bad flag"))).isEqualTo(2);
        assertThat(ExitCode.of(new io.fabric8.kubernetes.client.KubernetesClientException("forbidden", 403, null)))
                .as("credentials the cluster refuses").isEqualTo(2);
        assertThat(ExitCode.of(new io.fabric8.kubernetes.client.KubernetesClientException("unauthorized", 401, null))).isEqualTo(2);
        assertThat(ExitCode.of(new io.fabric8.kubernetes.client.KubernetesClientException("unavailable", 503, null))).isEqualTo(1);
        assertThat(ExitCode.of(new ArcaException.NotFound("backup \"b\" not found"))).isEqualTo(1);
        assertThat(ExitCode.of(new ArcaException.Corrupt("checksum mismatch"))).isEqualTo(1);
        assertThat(ExitCode.of(new ArcaException("cannot reach the Kubernetes API"))).isEqualTo(1);
    }

    @Test
    void aBackupToAnUnencryptedLocationWarnsThatItHoldsSecretsInPlaintext() throws Exception {
        Cli arca = new Cli(home, null);
        String kubeconfig = home.resolve("none").toString(); // the warning comes before the cluster is read
        Cli.Result embedded = arca.run("backup", "create", "b", "--kubeconfig", kubeconfig);
        assertThat(embedded.err().lines().filter(l -> l.startsWith("warning:"))).singleElement().asString()
                .contains("location \"default\" (" + home.resolve("backups") + ") is not encrypted")
                .contains("Secrets in plaintext").contains("arca location add NAME --dir DIR --passphrase-file FILE");

        Files.writeString(home.resolve("passphrase"), "a long enough passphrase\n");
        assertThat(arca.run("location", "add", "enc", "--dir", home.resolve("enc").toString(), "--passphrase-file",
                home.resolve("passphrase").toString(), "--default").code()).isZero();
        assertThat(arca.run("backup", "create", "b", "--kubeconfig", kubeconfig).err()).doesNotContain("warning:");
        assertThat(arca.run("location", "add", "plain", "--dir", home.resolve("plain").toString(), "--encryption", "none").code()).isZero();
        assertThat(arca.run("backup", "create", "b", "--kubeconfig", kubeconfig, "--storage-location", "plain").err())
                .contains("warning: location \"plain\" (" + home.resolve("plain") + ") is not encrypted");
    }

    @Test
    void readDataIsAPercentage() {
        assertThat(RepoCommand.Verify.percent("10%")).isEqualTo(0.1);
        assertThat(RepoCommand.Verify.percent("100")).isEqualTo(1.0);
        assertThatThrownBy(() -> RepoCommand.Verify.percent("120%")).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("between 0% and 100%");
    }

    @Test
    void repoCommandsOnALocationWithoutARepositorySayHowOneIsMade() {
        Cli.Result r = new Cli(home, null).run("repo", "verify");
        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("has no volume repository yet");
    }

    @Test
    void aSecondUnnamedRestoreInTheSameSecondGetsItsOwnName() {
        java.time.Instant now = java.time.Instant.parse("2026-11-23T10:15:30Z");
        java.util.Set<String> taken = new java.util.HashSet<>();
        String first = RestoreCreateCommand.defaultName("b1", now, taken::contains);
        assertThat(first).isEqualTo("b1-20261123101530");
        taken.add(first);
        String second = RestoreCreateCommand.defaultName("b1", now, taken::contains);
        taken.add(second);
        assertThat(second).isEqualTo("b1-20261123101530-2");
        assertThat(RestoreCreateCommand.defaultName("b1", now, taken::contains)).isEqualTo("b1-20261123101530-3");
    }

    @Test
    void locationDeleteForgetsTheLocationAndLeavesItsBackupsWhereTheyAre() throws Exception {
        Cli arca = new Cli(home, null);
        Path store = home.resolve("one");
        assertThat(arca.run("location", "add", "one", "--dir", store.toString(), "--encryption", "none").code()).isZero();
        assertThat(arca.run("location", "add", "two", "--dir", home.resolve("two").toString(), "--encryption", "none").code()).isZero();
        try (var writer = dev.arca.archive.ArchiveWriter.create(new dev.arca.storage.fs.FilesystemObjectStore(store), "b1")) {
            writer.finish(dev.arca.archive.BackupManifest.draft("b1", dev.arca.api.BackupSpec.everything(), java.time.Instant.now())
                    .withPhase(dev.arca.api.Phase.Completed));
        }
        java.util.Map<Path, String> before = contents(store);
        assertThat(before).containsKey(store.resolve("backups/b1/backup.json"));

        Cli.Result deleted = arca.run("location", "delete", "one");
        assertThat(deleted.code()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).contains("location \"one\" deleted; its backups were not touched");
        assertThat(arca.run("location", "get").out()).doesNotContainPattern("(?m)^one\\s").containsPattern("two\\s+filesystem.*\\s+true");
        Cli.Result forgotten = arca.run("backup", "get", "--storage-location", "one");
        assertThat(forgotten.code()).isEqualTo(ExitCode.FAILED);
        assertThat(forgotten.err()).contains("location \"one\" is not configured");
        assertThat(contents(store)).as("every file of the location, byte for byte").isEqualTo(before);

        assertThat(arca.run("location", "add", "one", "--dir", store.toString(), "--encryption", "none").code()).isZero();
        assertThat(arca.run("backup", "get", "--storage-location", "one").out()).containsPattern("b1\\s+Completed");
        Cli.Result ghost = arca.run("location", "delete", "ghost");
        assertThat(ghost.code()).isEqualTo(ExitCode.FAILED);
        assertThat(ghost.err()).contains("location \"ghost\" is not configured");
    }

    private static java.util.Map<Path, String> contents(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            java.util.Map<Path, String> sums = new java.util.TreeMap<>();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                sums.put(f, java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(f))));
            }
            return sums;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withNoLocationConfiguredBackupsGoToADirectoryUnderArcaHome() {
        Cli.Result r = new Cli(home, null).run("location", "get");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("default\\s+filesystem\\s+dir " + home.resolve("backups") + "\\s+ReadWrite\\s+none\\s+true");
    }

    @Test
    void addedLocationsPersistAndTheFirstBecomesTheDefault() throws Exception {
        Cli arca = new Cli(home, null);
        assertThat(arca.run("location", "add", "one", "--dir", home.resolve("one").toString(), "--encryption", "none").code()).isZero();
        assertThat(arca.run("location", "add", "two", "--dir", home.resolve("two").toString(), "--access-mode", "ReadOnly",
                "--encryption", "none").code()).isZero();
        assertThat(Files.readString(home.resolve("config.yaml"))).contains("one").contains("two");

        String table = arca.run("location", "get").out();
        assertThat(table).containsPattern("one\\s+filesystem.*ReadWrite\\s+none\\s+true").containsPattern("two\\s+filesystem.*ReadOnly\\s+none\\s+Available\\s+0\\s+0 B");
        assertThat(arca.run("location", "set-default", "two").code()).isZero();
        assertThat(arca.run("location", "get").out()).containsPattern("two\\s+filesystem.*ReadOnly\\s+none\\s+true");

        Cli.Result dup = arca.run("location", "add", "one", "--dir", home.toString(), "--encryption", "none");
        assertThat(dup.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(dup.err()).contains("location \"one\" exists already");
    }

    @Test
    void locationGetCountsBackupsAndReportsALocationThatCannotBeReached() throws Exception {
        Cli arca = new Cli(home, null);
        Path store = home.resolve("one");
        assertThat(arca.run("location", "add", "one", "--dir", store.toString(), "--encryption", "none").code()).isZero();
        dev.arca.archive.BackupManifest draft = dev.arca.archive.BackupManifest.draft("b1", dev.arca.api.BackupSpec.everything(),
                java.time.Instant.now()).withPhase(dev.arca.api.Phase.Completed);
        try (var writer = dev.arca.archive.ArchiveWriter.create(new dev.arca.storage.fs.FilesystemObjectStore(store), "b1")) {
            writer.finish(draft);
        }
        assertThat(arca.run("location", "get").out()).containsPattern("one\\s+filesystem.*Available\\s+1\\s+\\d+(\\.\\d)? (B|KiB)\\s+\\d");

        Files.writeString(home.resolve("not-a-dir"), "x");
        Files.writeString(home.resolve("config.yaml"), Files.readString(home.resolve("config.yaml"))
                .replace(store.toString(), home.resolve("not-a-dir").resolve("sub").toString()));
        Cli.Result broken = arca.run("location", "get");
        assertThat(broken.code()).isEqualTo(ExitCode.FAILED);
        assertThat(broken.out()).containsPattern("one\\s+filesystem.*Unavailable");
        assertThat(broken.err()).contains("location \"one\" cannot be reached").contains("not-a-dir");
    }

    @Test
    void anImmutableLocationRefusesToDeleteAYoungBackupAndSaysUntilWhen() {
        Cli arca = new Cli(home, null);
        Path store = home.resolve("worm");
        assertThat(arca.run("location", "add", "worm", "--dir", store.toString(), "--encryption", "none", "--immutable-for", "30d",
                "--default").code()).isZero();
        dev.arca.archive.BackupManifest draft = dev.arca.archive.BackupManifest.draft("b1", dev.arca.api.BackupSpec.everything(),
                java.time.Instant.now()).withPhase(dev.arca.api.Phase.Completed);
        try (var writer = dev.arca.archive.ArchiveWriter.create(new dev.arca.storage.fs.FilesystemObjectStore(store), "b1")) {
            writer.finish(draft);
        }

        Cli.Result r = arca.run("backup", "delete", "b1", "--confirm");

        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("backup \"b1\" is immutable until " + draft.started().plus(Duration.ofDays(30)).toString().substring(0, 10));
        assertThat(arca.run("backup", "get").out()).contains("b1");
        assertThat(arca.run("location", "add", "bad", "--dir", store.toString(), "--immutable-for", "soon").code())
                .isEqualTo(ExitCode.INVALID_INPUT);
    }

    @Test
    void aReadOnlyLocationRefusesBackupsWithAClearError() {
        Cli arca = new Cli(home, null);
        arca.run("location", "add", "ro", "--dir", home.resolve("ro").toString(), "--access-mode", "ReadOnly", "--encryption", "none");
        Cli.Result r = arca.run("backup", "create", "b", "--storage-location", "ro", "--kubeconfig", home.resolve("none").toString());
        assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("location \"ro\" is ReadOnly").contains("--storage-location");
    }

    @Test
    void aPageSizeOrParallelismOutOfRangeIsInvalidInputBeforeAnyConnection() {
        Cli arca = new Cli(home, null);
        String kubeconfig = home.resolve("none").toString(); // never read: the flags are refused first
        Cli.Result page = arca.run("backup", "create", "b", "--page-size", "0", "--kubeconfig", kubeconfig);
        assertThat(page.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(page.err()).contains("--page-size must be at least 1 item, got 0");
        Cli.Result parallel = arca.run("backup", "create", "b", "--parallelism", "0", "--kubeconfig", kubeconfig);
        assertThat(parallel.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(parallel.err()).contains("--parallelism must be between 1 and 256, got 0");
        Cli.Result restore = arca.run("restore", "create", "--from-backup", "b", "--parallelism", "300", "--kubeconfig", kubeconfig);
        assertThat(restore.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(restore.err()).contains("--parallelism must be between 1 and 256, got 300");
    }

    @Test
    void unknownLocationsCommandsAndFlagsAreInvalidInput() {
        Cli arca = new Cli(home, null);
        Cli.Result unknown = arca.run("backup", "get", "--storage-location", "nowhere");
        assertThat(unknown.code()).isEqualTo(ExitCode.FAILED);
        assertThat(unknown.err()).contains("location \"nowhere\" is not configured");
        Cli.Result command = arca.run("backup", "frobnicate");
        assertThat(command.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(command.err()).contains("error: Unmatched argument at index 1: 'frobnicate'")
                .contains("See 'arca backup --help' for usage.").doesNotContain("Usage:");
        Cli.Result typo = arca.run("backup", "create", "b", "--include-namespace", "shop");
        assertThat(typo.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(typo.err()).contains("Unknown options: '--include-namespace'").contains("Possible solutions: --include-namespaces")
                .contains("See 'arca backup create --help' for usage.");
        Cli.Result flag = arca.run("restore", "create", "--from-backup", "b", "--existing-resource-policy", "sometimes");
        assertThat(flag.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(flag.err()).contains("sometimes");
        assertThat(arca.run("restore", "create", "--from-backup", "b", "--namespace-mappings", "a-b").code())
                .isEqualTo(ExitCode.INVALID_INPUT);
    }

    @Test
    void everyCommandExplainsItselfWithHelp() {
        Cli arca = new Cli(home, null);
        Cli.Result create = arca.run("backup", "create", "--help");
        assertThat(create.code()).isZero();
        assertThat(create.out()).contains("--include-namespaces").contains("--or-selector").contains("--ttl");
        assertThat(arca.run("restore", "create", "--help").out()).contains("--namespace-mappings").contains("--existing-resource-policy");
        assertThat(arca.run("location", "add", "--help").out()).contains("--s3").contains("--dir");
    }

    @Test
    void anEmptyLocationListsNoBackupsAndAnUnknownOneIsNotFound() {
        Cli arca = new Cli(home, null);
        assertThat(arca.run("backup", "get").out()).contains("No resources found.");
        Cli.Result r = arca.run("backup", "describe", "ghost");
        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("backup \"ghost\" not found").contains("arca backup get");
    }
}

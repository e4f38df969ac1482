package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.api.Problem;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.BackupManifest;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.blueprint.Blueprint;
import dev.arca.engine.blueprint.BlueprintArtifact;
import dev.arca.engine.blueprint.Blueprints;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.repository.Repository;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.kube.WithNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blueprints on a node that runs pods: a PostgreSQL database dumped through exec into the
 * location's repository, dropped, and restored row for row, with the dump never on local disk;
 * and a restore action that fails makes the restore PartiallyFailed, naming where and why.
 */
@WithNode
@ExtendWith(ControlPlaneExtension.class)
class BlueprintIT {
    private static final Duration POD_TIMEOUT = Duration.ofSeconds(180);
    /** The first bytes of every custom-format dump: a copy of the dump in the clear would hold them. */
    private static final byte[] DUMP_MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void aDroppedDatabaseComesBackRowForRowAndTheDumpNeverTouchesLocalDisk(KubernetesClient client, TestNamespace ns)
            throws Exception {
        startPostgres(client, ns.name());
        psql(client, ns.name(), "shop", "CREATE TABLE items(id int PRIMARY KEY, name text);"
                + " INSERT INTO items SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 40000) g;");
        String rows = psql(client, ns.name(), "shop", "SELECT count(*) || ':' || md5(string_agg(name, ',' ORDER BY id)) FROM items;");
        assertThat(rows).startsWith("40000:");
        ObjectStore store = new FilesystemObjectStore(dir.resolve("location"));
        Instant before = Instant.now().minusSeconds(1);

        BackupManifest backup = new BackupRunner(client, store, EngineOptions.defaults()).run("b1", spec(ns.name()), ProgressListener.NONE);

        assertThat(backup.phase()).as("%s", backup.outcome()).isEqualTo(Phase.Completed);
        BlueprintArtifact dump = artifacts(store, "b1").get(0);
        assertThat(dump).satisfies(a -> {
            assertThat(a.status()).isEqualTo(BlueprintArtifact.Status.BackedUp);
            assertThat(a.workload()).isEqualTo("Pod/pg");
            assertThat(a.container()).isEqualTo("db");
            assertThat(a.blueprint()).isEqualTo("postgresql");
            assertThat(a.action()).isEqualTo("backup");
            assertThat(a.exitCode()).isZero();
            assertThat(a.bytes()).as("40000 rows of 64 hex digits, compressed by pg_dump").isGreaterThan(1_000_000L);
        });
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (Repository repo = Repository.open(store)) {
            repo.restoreStream(dump.snapshot(), stored);
        }
        assertThat((long) stored.size()).isEqualTo(dump.bytes());
        assertThat(java.util.Arrays.copyOf(stored.toByteArray(), DUMP_MAGIC.length)).as("what was stored is a custom-format dump")
                .isEqualTo(DUMP_MAGIC);
        assertThat(filesWrittenSince(before, Path.of(System.getProperty("java.io.tmpdir")), dir))
                .as("no file written during the backup holds the dump in the clear, or is exactly its size")
                .allSatisfy((f, size) -> {
                    assertThat(size).as("%s", f).isNotEqualTo(dump.bytes());
                    assertThat(contains(f, DUMP_MAGIC)).as("%s holds the dump's header", f).isFalse();
                });

        psql(client, ns.name(), "postgres", "DROP DATABASE shop;");
        assertThat(exec(client, ns.name(), "pg", "psql", "-U", "postgres", "-d", "shop", "-c", "SELECT 1").exitCode)
                .as("the database is gone").isNotZero();

        RestoreRecord restore = new RestoreRunner(client, store, EngineOptions.defaults()).run("r1",
                new RestoreSpec("b1", List.of(ns.name()), null, null, null, null, null, null, false, false, null, null),
                ProgressListener.NONE);

        assertThat(restore.phase()).as("%s", restore.outcome()).isEqualTo(Phase.Completed);
        assertThat(psql(client, ns.name(), "shop", "SELECT count(*) || ':' || md5(string_agg(name, ',' ORDER BY id)) FROM items;"))
                .as("every row is back").isEqualTo(rows);
    }

    @Test
    void aRestoreActionThatFailsMakesTheRestorePartiallyFailedNamingPodContainerBlueprintAndExitCode(KubernetesClient client,
            TestNamespace ns) throws Exception {
        Path file = Files.writeString(dir.resolve("noise.yaml"), """
                apiVersion: arca.dev/v1
                kind: Blueprint
                metadata: {name: noise}
                actions:
                  backup: {command: [sh, -c, 'head -c 3000000 /dev/urandom']}
                  restore: {command: [sh, -c, 'echo "refusing the stream: disk full" >&2; exit 3'], timeout: 60s}
                """);
        Blueprints blueprints = Blueprints.builtInAnd(List.of(file));
        debianPod(client, ns.name(), "noisy", "noise");
        ObjectStore store = new FilesystemObjectStore(dir.resolve("location"));
        BackupManifest backup = new BackupRunner(client, store, EngineOptions.defaults(), blueprints)
                .run("b1", spec(ns.name()), ProgressListener.NONE);
        assertThat(backup.phase()).as("%s", backup.outcome()).isEqualTo(Phase.Completed);
        assertThat(artifacts(store, "b1")).singleElement().satisfies(a -> assertThat(a.bytes()).isEqualTo(3_000_000L));

        // the restore action recorded with the backup runs, without the file
        RestoreRecord restore = new RestoreRunner(client, store, EngineOptions.defaults()).run("r1",
                new RestoreSpec("b1", List.of(ns.name()), null, null, null, null, null, null, false, false, null, null),
                ProgressListener.NONE);

        assertThat(restore.phase()).isEqualTo(Phase.PartiallyFailed);
        assertThat(restore.outcome().errors()).extracting(Problem::message).singleElement().asString()
                .contains("pod " + ns.name() + "/noisy", "container main", "blueprint noise", "exited with code 3",
                        "refusing the stream: disk full");
    }

    @Test
    void aBackupActionThatFailsOrHangsIsAnErrorOfTheBackupAndKeepsNoSnapshot(KubernetesClient client, TestNamespace ns)
            throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: arca.dev/v1
                kind: Blueprint
                metadata: {name: broken}
                actions:
                  backup: {command: [sh, -c, 'head -c 200000 /dev/urandom; echo "dump: connection refused" >&2; exit 2']}
                  restore: {command: [cat]}
                ---
                apiVersion: arca.dev/v1
                kind: Blueprint
                metadata: {name: stuck}
                actions:
                  backup: {command: [sleep, '600'], timeout: 3s}
                  restore: {command: [cat]}
                """);
        debianPod(client, ns.name(), "broken", "broken");
        debianPod(client, ns.name(), "stuck", "stuck");
        ObjectStore store = new FilesystemObjectStore(dir.resolve("location"));

        BackupManifest backup = new BackupRunner(client, store, EngineOptions.defaults(), Blueprints.builtInAnd(List.of(file)))
                .run("b1", spec(ns.name()), ProgressListener.NONE);

        assertThat(backup.phase()).isEqualTo(Phase.PartiallyFailed);
        assertThat(backup.outcome().errors()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .contains("blueprint broken in pod " + ns.name() + "/broken", "container main", "exited with code 2",
                        "dump: connection refused"))
                .anySatisfy(m -> assertThat(m).contains("blueprint stuck in pod " + ns.name() + "/stuck", "timed out after 3 s"));
        assertThat(artifacts(store, "b1")).extracting(BlueprintArtifact::workload, BlueprintArtifact::status,
                BlueprintArtifact::exitCode, BlueprintArtifact::snapshot).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Pod/broken", BlueprintArtifact.Status.Failed, 2, null),
                org.assertj.core.groups.Tuple.tuple("Pod/stuck", BlueprintArtifact.Status.Failed, null, null));
        try (Repository repo = Repository.open(store)) {
            assertThat(repo.snapshots()).as("the 200000 bytes a failed action wrote are not a snapshot").isEmpty();
        }
    }

    private static void debianPod(KubernetesClient client, String ns, String name, String blueprint) {
        client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName(name).addToAnnotations(Blueprint.NAME, blueprint).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L).addNewContainer().withName("main")
                .withImage("localhost/debian:bookworm").withImagePullPolicy("Never").withCommand("sleep", "infinity")
                .endContainer().endSpec().build()).create();
        awaitReady(client, ns, name);
    }

    private static BackupSpec spec(String ns) {
        return new BackupSpec(List.of(ns), null, null, null, null, null, null, null, null);
    }

    private static List<BlueprintArtifact> artifacts(ObjectStore store, String backup) {
        try (ArchiveReader reader = ArchiveReader.open(store, backup)) {
            return BlueprintArtifact.read(reader);
        }
    }

    private static void startPostgres(KubernetesClient client, String ns) {
        client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName("pg").addToAnnotations(Blueprint.NAME, "postgresql").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(2L).addNewContainer().withName("db")
                .withImage("localhost/postgres:15").withImagePullPolicy("Never")
                .addNewEnv().withName("POSTGRES_PASSWORD").withValue("not-a-secret").endEnv()
                .addNewEnv().withName("POSTGRES_DB").withValue("shop").endEnv()
                .withNewReadinessProbe().withNewExec().withCommand("pg_isready", "-q", "-U", "postgres").endExec()
                .withPeriodSeconds(2).endReadinessProbe()
                .endContainer().endSpec().build()).create();
        awaitReady(client, ns, "pg");
    }

    private static void awaitReady(KubernetesClient client, String ns, String name) {
        await().atMost(POD_TIMEOUT).until(() -> {
            Pod pod = client.pods().inNamespace(ns).withName(name).get();
            return pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        });
    }

    private static String psql(KubernetesClient client, String ns, String database, String sql) throws Exception {
        Exec r = exec(client, ns, "pg", "psql", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql);
        assertThat(r.exitCode).as("psql %s: %s", sql, r.err).isZero();
        return r.out.strip();
    }

    private record Exec(int exitCode, String out, String err) {
    }

    private static Exec exec(KubernetesClient client, String ns, String pod, String... command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (ExecWatch watch = client.pods().inNamespace(ns).withName(pod).writingOutput(out).writingError(err).exec(command)) {
            code = watch.exitCode().get(120, TimeUnit.SECONDS);
        }
        Thread.sleep(200); // the last frames of output may trail the exit status
        return new Exec(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Regular files under the roots modified at or after {@code since} (readable ones, at most 64 MiB, outside build trees). */
    private static Map<Path, Long> filesWrittenSince(Instant since, Path... roots) throws IOException {
        Map<Path, Long> found = new HashMap<>();
        for (Path root : roots) {
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                    String name = String.valueOf(d.getFileName());
                    // build trees of other checkouts on the machine: their jars are not where a run of Arca writes
                    return name.equals("target") || name.equals(".git") || name.equals("node_modules")
                            ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                    if (a.isRegularFile() && !a.lastModifiedTime().toInstant().isBefore(since) && a.size() < (64L << 20)
                            && Files.isReadable(f)) {
                        found.put(f, a.size()); // its size as listed: other processes delete their files meanwhile
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        }
        assertThat(found).as("the location's own files are among those checked").isNotEmpty();
        return found;
    }

    private static boolean contains(Path file, byte[] needle) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] all = in.readAllBytes();
            outer:
            for (int i = 0; i + needle.length <= all.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (all[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            return false; // gone or unreadable since it was listed: another process's file
        }
    }
}

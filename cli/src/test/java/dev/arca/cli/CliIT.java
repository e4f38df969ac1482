package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.s3.S3Server;
import dev.arca.testkit.s3.S3ServerExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({ControlPlaneExtension.class, S3ServerExtension.class})
class CliIT {
    @TempDir
    Path home;

    private static void configMap(KubernetesClient client, String ns, String name) {
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .addToLabels("app", "cli").endMetadata().addToData("k", "v").build()).create();
    }

    @Test
    void backsUpInspectsRestoresAndDeletesFromTheCommandLine(LocalControlPlane cluster, KubernetesClient client, TestNamespace ns)
            throws Exception {
        configMap(client, ns.name(), "settings");
        Cli arca = new Cli(home, cluster.kubeconfig());

        Cli.Result created = arca.run("backup", "create", "b1", "--include-namespaces", ns.name(), "--wait");
        assertThat(created.code()).as(created.toString()).isZero();
        assertThat(created.out()).contains("backup \"b1\" Completed");
        assertThat(created.err()).contains("warning: location \"default\" (" + home.resolve("backups") + ") is not encrypted");

        Cli.Result get = arca.run("backup", "get");
        assertThat(get.out()).as(get.toString())
                .containsPattern("b1\\s+Completed\\s+0\\s+0\\s+\\d+\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+0000 UTC\\s+29d\\s+default");
        JsonNode json = new ObjectMapper().readTree(arca.run("backup", "get", "b1", "-o", "json").out());
        assertThat(json.get(0).path("counts").path("configmaps").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(arca.run("backup", "get", "-o", "yaml").out()).contains("name: \"b1\"");
        assertThat(arca.run("backup", "describe", "b1", "--details").out())
                .contains("Phase:          Completed").contains(ns.name() + "/settings").contains("Location:       default")
                .containsPattern("Completed:      \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+0000 UTC \\(took [0-9hms.]+\\)");
        assertThat(arca.run("backup", "logs", "b1").out()).contains("backup b1 started");

        client.namespaces().withName(ns.name()).delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> client.namespaces().withName(ns.name()).get() == null);

        Cli.Result restored = arca.run("restore", "create", "r1", "--from-backup", "b1", "--wait");
        assertThat(restored.code()).as(restored.toString()).isZero();
        assertThat(restored.out()).contains("Phase:        Completed").contains("created:");
        assertThat(client.configMaps().inNamespace(ns.name()).withName("settings").get().getData()).containsEntry("k", "v");
        assertThat(arca.run("restore", "get").out()).containsPattern("r1\\s+b1\\s+Completed");
        assertThat(arca.run("restore", "describe", "r1", "-o", "json").out()).contains("\"backupName\" : \"b1\"");
        assertThat(arca.run("restore", "logs", "r1").out()).contains("[configmaps " + ns.name() + "/settings] created");

        Path file = home.resolve("b1.tar.zst");
        assertThat(arca.run("backup", "download", "b1", "-f", file.toString()).code()).isZero();
        assertThat(Files.size(file)).isPositive();

        assertThat(arca.run("backup", "delete", "b1").code()).as("no terminal, no --confirm").isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(arca.run("backup", "delete", "b1", "--confirm").code()).isZero();
        assertThat(arca.run("backup", "get").out()).contains("No resources found.");
    }

    private static void secret(KubernetesClient client, String ns, String name) {
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name)
                .addToLabels("app", "cli").endMetadata().addToStringData("k", "v").build()).create();
    }

    @Test
    void backupCreateExitsWithEachCodeOfTheReadmeTable(LocalControlPlane cluster, KubernetesClient admin, TestNamespace ns)
            throws Exception {
        configMap(admin, ns.name(), "settings");
        secret(admin, ns.name(), "password");
        Cli arca = new Cli(home, cluster.kubeconfig());
        String[] scope = {"--include-namespaces", ns.name(), "--include-resources", "configmaps,secrets", "-l", "app=cli"};

        Cli.Result done = arca.run(Stream.concat(Stream.of("backup", "create", "b0"), Stream.of(scope)).toArray(String[]::new));
        assertThat(done.code()).as(done.toString()).isEqualTo(ExitCode.OK);
        Cli.Result taken = arca.run("backup", "create", "b0", "--include-namespaces", ns.name());
        assertThat(taken.code()).as("a name that is taken: " + taken).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(taken.err()).contains("backup \"b0\" already exists");
        Path dead = Cli.twoContexts(cluster.kubeconfig(), home.resolve("two-contexts.yaml"));
        Cli.Result unreachable = arca.run("backup", "create", "b1", "--kubeconfig", dead.toString());
        assertThat(unreachable.code()).as("an unreachable cluster: " + unreachable).isEqualTo(ExitCode.FAILED);

        Cli.Result badToken = new Cli(home, Rbac.kubeconfig(admin, "not-a-token", home.resolve("bad.kubeconfig")))
                .run("backup", "create", "b2", "--include-namespaces", ns.name());
        assertThat(badToken.code()).as("credentials the cluster refuses: " + badToken).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(badToken.err()).contains("refused the credentials (HTTP 401)");
        try (Rbac nobody = Rbac.account(admin, ns.name(), "nobody", home);
             Rbac reader = Rbac.account(admin, ns.name(), "reader", home, Rbac.core("namespaces,configmaps", "get,list"))) {
            Cli.Result forbidden = new Cli(home, nobody.kubeconfig()).run("backup", "create", "b3", "--include-namespaces", ns.name());
            assertThat(forbidden.code()).as("may not list namespaces: " + forbidden).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(forbidden.err()).contains("cannot list the namespaces").contains("forbidden (HTTP 403)");

            Cli.Result partial = new Cli(home, reader.kubeconfig())
                    .run(Stream.concat(Stream.of("backup", "create", "b4"), Stream.of(scope)).toArray(String[]::new));
            assertThat(partial.code()).as("may not list secrets: " + partial).isEqualTo(ExitCode.PARTIALLY_FAILED);
            assertThat(partial.out()).contains("backup \"b4\" PartiallyFailed").contains("1 errors")
                    .contains("arca backup describe b4 --details");
        }
        assertThat(arca.run("backup", "describe", "b4", "--details").out())
                .contains("Phase:          PartiallyFailed").contains("secrets in namespace " + ns.name() + ": forbidden (HTTP 403)").contains(ns.name() + "/settings");
    }

    @Test
    void restoreCreateExitsWithEachCodeOfTheReadmeTableAndDescribeDetailsListsEveryError(
            LocalControlPlane cluster, KubernetesClient admin, TestNamespace ns) throws Exception {
        configMap(admin, ns.name(), "settings");
        for (int i = 0; i < 22; i++) {
            secret(admin, ns.name(), "password-" + i);
        }
        Cli arca = new Cli(home, cluster.kubeconfig());
        Cli.Result backup = arca.run("backup", "create", "b", "--include-namespaces", ns.name(), "-l", "app=cli");
        assertThat(backup.code()).as(backup.toString()).isEqualTo(ExitCode.OK);
        String copy = ns.name() + "-copy";
        String partialCopy = ns.name() + "-partial";
        try (Rbac restorer = Rbac.account(admin, ns.name(), "restorer", home,
                Rbac.core("namespaces", "get,create"), Rbac.core("configmaps", "get,create,patch"))) {
            Cli.Result done = arca.run("restore", "create", "r0", "--from-backup", "b", "--namespace-mappings", ns.name() + ":" + copy);
            assertThat(done.code()).as(done.toString()).isEqualTo(ExitCode.OK);
            Cli.Result taken = arca.run("restore", "create", "r0", "--from-backup", "b", "--namespace-mappings", ns.name() + ":" + copy);
            assertThat(taken.code()).as("a name that is taken: " + taken).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(taken.err()).contains("restore \"r0\" already exists");
            Cli.Result missing = arca.run("restore", "create", "r1", "--from-backup", "nope");
            assertThat(missing.code()).as("a backup that does not exist: " + missing).isEqualTo(ExitCode.FAILED);
            Cli.Result badToken = new Cli(home, Rbac.kubeconfig(admin, "not-a-token", home.resolve("bad.kubeconfig")))
                    .run("restore", "create", "r2", "--from-backup", "b", "--namespace-mappings", ns.name() + ":" + partialCopy);
            assertThat(badToken.code()).as("credentials the cluster refuses: " + badToken).isEqualTo(ExitCode.INVALID_INPUT);

            Cli.Result partial = new Cli(home, restorer.kubeconfig()).run("restore", "create", "r3", "--from-backup", "b",
                    "--namespace-mappings", ns.name() + ":" + partialCopy, "--include-resources", "configmaps,secrets");
            assertThat(partial.code()).as("may not create secrets: " + partial).isEqualTo(ExitCode.PARTIALLY_FAILED);
            assertThat(partial.out()).contains("Phase:        PartiallyFailed").contains("Errors: 22");
            assertThat(admin.configMaps().inNamespace(partialCopy).withName("settings").get()).as("the rest was restored").isNotNull();
        } finally {
            admin.namespaces().withName(copy).delete();
            admin.namespaces().withName(partialCopy).delete();
        }
        String brief = arca.run("restore", "describe", "r3").out();
        assertThat(brief).contains("Errors: 22").contains("... use --details to see all");
        assertThat(brief.lines().filter(l -> l.contains("HTTP 403"))).hasSize(20);
        Cli.Result details = arca.run("restore", "describe", "r3", "--details");
        assertThat(details.code()).isZero();
        assertThat(details.out()).doesNotContain("use --details").contains("failed: 22");
        for (int i = 0; i < 22; i++) {
            assertThat(details.out()).containsPattern("secrets " + partialCopy + "/password-" + i + ": HTTP 403: .*forbidden");
        }
    }

    @Test
    void anUnreachableClusterFailsFastWithAClearErrorAndExitCodeOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path kubeconfig = home.resolve("dead.yaml");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: dead, cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: t0ken}}]
                contexts: [{name: dead, context: {cluster: dead, user: u}}]
                current-context: dead
                """.formatted(port));

        Cli.Result r = new Cli(home, kubeconfig).run("backup", "create", "b");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("cannot reach the Kubernetes API at https://127.0.0.1:" + port).contains("--kubeconfig")
                .doesNotContain("t0ken").doesNotContain("\tat ");
        assertThat(new Cli(home, kubeconfig).run("backup", "get").out()).as("no half backup left").contains("No resources found.");
    }

    @Test
    void theContextFlagPicksAClusterOtherThanTheCurrentOne(LocalControlPlane cluster, KubernetesClient client, TestNamespace ns)
            throws Exception {
        configMap(client, ns.name(), "settings");
        Path kubeconfig = Cli.twoContexts(cluster.kubeconfig(), home.resolve("two-contexts.yaml"));
        Cli arca = new Cli(home, null);

        assertThat(arca.run("backup", "create", "b0", "--kubeconfig", kubeconfig.toString(), "--include-namespaces", ns.name()).code())
                .as("the current context is dead").isEqualTo(ExitCode.FAILED);
        Cli.Result ok = arca.run("backup", "create", "b1", "--kubeconfig", kubeconfig.toString(), "--context", "real",
                "--include-namespaces", ns.name());
        assertThat(ok.code()).as(ok.toString()).isZero();
        Cli.Result missing = arca.run("backup", "create", "b2", "--kubeconfig", kubeconfig.toString(), "--context", "nope");
        assertThat(missing.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(missing.err()).contains("context \"nope\"");
    }

    @Test
    void anUnknownBackupIsAClearNotFoundAndBadInputExitsWithTwo(LocalControlPlane cluster) {
        Cli arca = new Cli(home, cluster.kubeconfig());

        Cli.Result unknown = arca.run("restore", "create", "--from-backup", "nope");
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(unknown.err()).contains("backup \"nope\" not found").contains("arca backup get");

        Cli.Result badName = arca.run("backup", "create", "Bad_Name");
        assertThat(badName.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(badName.err()).contains("backup name \"Bad_Name\" is not valid");

        Cli.Result badFlag = arca.run("backup", "create", "b", "--ttl", "forever");
        assertThat(badFlag.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(badFlag.err()).contains("--ttl \"forever\" is not a valid duration");
    }

    @Test
    void anS3LocationHoldsABackupThatRestoresIntoAnotherNamespace(LocalControlPlane cluster, KubernetesClient client,
                                                                  TestNamespace ns, S3Server s3) throws Exception {
        configMap(client, ns.name(), "settings");
        String bucket = s3.createUniqueBucket("arca");
        Path credentials = home.resolve("s3-credentials");
        Files.writeString(credentials, "[default]\naws_access_key_id = " + s3.accessKey()
                + "\naws_secret_access_key = " + s3.secretKey() + "\n");
        Cli arca = new Cli(home, cluster.kubeconfig());

        Path passphrase = home.resolve("passphrase");
        Files.writeString(passphrase, "an s3 location passphrase\n");
        Cli.Result added = arca.run("location", "add", "s3", "--s3", "--bucket", bucket, "--prefix", "team",
                "--endpoint", s3.endpoint(), "--credentials-file", credentials.toString(), "--default",
                "--passphrase-file", passphrase.toString());
        assertThat(added.code()).as(added.toString()).isZero();
        assertThat(arca.run("location", "get").out()).contains("s3 bucket " + bucket).doesNotContain(s3.secretKey());
        assertThat(arca.run("backup", "create", "b1", "--include-namespaces", ns.name()).code()).isZero();
        assertThat(Files.exists(s3.basedir().resolve(bucket).resolve("team/backups/b1/backup.json"))
                || Files.walk(s3.basedir().resolve(bucket)).anyMatch(p -> p.toString().endsWith("backup.json"))).isTrue();

        String target = ns.name() + "-s3";
        try {
            Cli.Result restored = arca.run("restore", "create", "--from-backup", "b1", "--namespace-mappings", ns.name() + ":" + target);
            assertThat(restored.code()).as(restored.toString()).isZero();
            assertThat(client.configMaps().inNamespace(target).withName("settings").get().getData()).containsEntry("k", "v");
        } finally {
            client.namespaces().withName(target).delete();
        }
    }
}

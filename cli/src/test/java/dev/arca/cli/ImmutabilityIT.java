package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStores;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.s3.S3Server;
import dev.arca.testkit.s3.S3ServerExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An immutability period set from one machine binds every other, on a real cluster and a real S3
 * server: it is kept in the bucket (arca/retention.json), encrypted, not in one $ARCA_HOME.
 */
@ExtendWith({ControlPlaneExtension.class, S3ServerExtension.class})
class ImmutabilityIT {
    @TempDir
    Path tmp;

    @Test
    void aBackupStaysUndeletableFromAnotherHomeAfterAReAddAndWhenTheLockIsForged(LocalControlPlane cluster, KubernetesClient client,
                                                                                 TestNamespace ns, S3Server s3) throws Exception {
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().withData(Map.of("mode", "strict")).build()).create();
        String bucket = s3.createUniqueBucket("worm");
        Path credentials = Files.writeString(tmp.resolve("aws"), "[default]\naws_access_key_id = " + s3.accessKey()
                + "\naws_secret_access_key = " + s3.secretKey() + "\n");
        Path passphrase = Files.writeString(tmp.resolve("passphrase"), "worm passphrase\n");
        List<String> where = List.of("--s3", "--bucket", bucket, "--endpoint", s3.endpoint(), "--credentials-file",
                credentials.toString(), "--passphrase-file", passphrase.toString(), "--default");

        Cli a = new Cli(tmp.resolve("home-a"), cluster.kubeconfig());
        Cli.Result added = a.run(add(where, "--immutable-for", "30d"));
        assertThat(added.code()).as(added.toString()).isZero();
        Instant before = Instant.now();
        Cli.Result backup = a.run("backup", "create", "b1", "--include-namespaces", ns.name());
        assertThat(backup.code()).as(backup.toString()).isZero();
        String untilDay = before.plus(30, ChronoUnit.DAYS).toString().substring(0, 10);

        Cli b = new Cli(tmp.resolve("home-b"), cluster.kubeconfig());
        Cli.Result addedInB = b.run(add(where));
        assertThat(addedInB.code()).as(addedInB.toString()).isZero();
        Cli.Result deleteInB = b.run("backup", "delete", "b1", "--confirm");
        assertThat(deleteInB.code()).as(deleteInB.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(deleteInB.err()).contains("backup \"b1\" is immutable until " + untilDay).contains("arca/retention.json");

        assertThat(a.run("location", "delete", "vault").code()).isZero();
        assertThat(a.run(add(where)).code()).isZero();
        Cli.Result deleteInA = a.run("backup", "delete", "b1", "--confirm");
        assertThat(deleteInA.code()).as(deleteInA.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(deleteInA.err()).contains("backup \"b1\" is immutable until " + untilDay);

        // someone with write access to the bucket, but not the passphrase, puts a lock of one second in its place
        BackupLocationSpec raw = new BackupLocationSpec("raw", "s3", Map.of("bucket", bucket, "endpoint", s3.endpoint(),
                "credentialsFile", credentials.toString()), null);
        try (ObjectStore bucketStore = ObjectStores.openRaw(raw)) {
            bucketStore.put("arca/retention.json", ("{\"formatVersion\":1,\"immutableFor\":\"PT1S\",\"setAt\":\"" + before
                    + "\",\"setBy\":\"eve\"}").getBytes(StandardCharsets.UTF_8));
        }
        Cli.Result forged = b.run("backup", "delete", "b1", "--confirm");
        assertThat(forged.code()).as(forged.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(forged.err()).contains("the retention lock arca/retention.json in s3 bucket " + bucket)
                .contains("cannot be read").contains("No backup of this location is deleted while it cannot be");
        assertThat(b.run("backup", "get").out()).contains("b1");
    }

    private static String[] add(List<String> where, String... more) {
        List<String> args = new ArrayList<>(List.of("location", "add", "vault"));
        args.addAll(where);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}

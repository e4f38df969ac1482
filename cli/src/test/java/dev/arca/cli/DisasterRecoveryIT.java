package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.arca.testkit.azure.AzuriteExtension;
import dev.arca.testkit.azure.AzuriteServer;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.s3.S3Server;
import dev.arca.testkit.s3.S3ServerExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disaster-recovery promise: a backup made on cluster A into a bucket is found and restored
 * on a second, empty cluster B by a fresh $ARCA_HOME that knows only the bucket (S3 on s3proxy, Azure
 * on Azurite) and the passphrase.
 */
@ExtendWith({ControlPlaneExtension.class, S3ServerExtension.class, AzuriteExtension.class})
class DisasterRecoveryIT {
    @TempDir
    Path tmp;

    static void deployApp(KubernetesClient a, String ns) {
        a.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("greeting", "hello from A").build()).create();
        a.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("credentials").endMetadata()
                .addToStringData("password", "dr-secret-value").build()).create();
        a.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        a.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build()).create();
    }

    static void assertRestored(KubernetesClient b, String ns) {
        assertThat(b.configMaps().inNamespace(ns).withName("settings").get().getData()).containsEntry("greeting", "hello from A");
        assertThat(b.secrets().inNamespace(ns).withName("credentials").get().getData()).containsKey("password");
        assertThat(b.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas()).isEqualTo(2);
        assertThat(b.services().inNamespace(ns).withName("web").get().getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        await().atMost(Duration.ofSeconds(60)).until(() -> !b.apps().replicaSets().inNamespace(ns).list().getItems().isEmpty());
    }

    @Test
    void aSecondEmptyClusterRestoresWhatTheFirstBackedUpToAnS3Bucket(LocalControlPlane clusterA, KubernetesClient a,
                                                                     TestNamespace ns, S3Server s3) throws Exception {
        String bucket = s3.createUniqueBucket("dr");
        Path credentials = tmp.resolve("aws");
        Files.writeString(credentials, "[default]\naws_access_key_id = " + s3.accessKey() + "\naws_secret_access_key = " + s3.secretKey() + "\n");
        recover(clusterA, a, ns, List.of("location", "add", "dr", "--s3", "--bucket", bucket, "--endpoint", s3.endpoint(),
                "--credentials-file", credentials.toString()));
    }

    @Test
    void aSecondEmptyClusterRestoresWhatTheFirstBackedUpToAnAzureContainer(LocalControlPlane clusterA, KubernetesClient a,
                                                                           TestNamespace ns, AzuriteServer azurite) throws Exception {
        String container = "dr-" + ns.name();
        new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient().createBlobContainer(container);
        Path key = tmp.resolve("azure-key");
        Files.writeString(key, azurite.accountKey());
        recover(clusterA, a, ns, List.of("location", "add", "dr", "--azure", "--container", container, "--endpoint", azurite.endpoint(),
                "--account", azurite.account(), "--account-key-file", key.toString()));
    }

    /** Backs up on A through {@code location}, then restores on a new, empty B that knows only the location and passphrase. */
    private void recover(LocalControlPlane clusterA, KubernetesClient a, TestNamespace ns, List<String> location) throws Exception {
        deployApp(a, ns.name());
        Path passphrase = tmp.resolve("passphrase");
        Files.writeString(passphrase, "disaster recovery passphrase\n");
        List<String> add = new java.util.ArrayList<>(location);
        add.addAll(List.of("--passphrase-file", passphrase.toString()));

        Cli onA = new Cli(tmp.resolve("home-a"), clusterA.kubeconfig());
        Cli.Result added = onA.run(add.toArray(String[]::new));
        assertThat(added.code()).as(added.toString()).isZero();
        Cli.Result backup = onA.run("backup", "create", "before-the-fire", "--include-namespaces", ns.name());
        assertThat(backup.code()).as(backup.toString()).isZero();

        try (LocalControlPlane clusterB = LocalControlPlane.start()) {
            KubernetesClient b = clusterB.client();
            assertThat(b.namespaces().withName(ns.name()).get()).as("B starts empty").isNull();
            Cli onB = new Cli(tmp.resolve("home-b"), clusterB.kubeconfig());
            assertThat(onB.run(add.toArray(String[]::new)).code()).isZero();

            assertThat(onB.run("backup", "get").out()).containsPattern("before-the-fire\\s+Completed");
            Cli.Result restored = onB.run("restore", "create", "--from-backup", "before-the-fire");
            assertThat(restored.code()).as(restored.toString()).isZero();

            assertRestored(b, ns.name());
        }
    }
}

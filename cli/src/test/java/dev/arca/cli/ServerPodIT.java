package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.LocationProvider;
import dev.arca.server.resources.Resources;
import dev.arca.server.resources.Schedule;
import dev.arca.server.resources.SecretKeyRef;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.WithNode;
import dev.arca.testkit.s3.S3Server;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a Pod of {@code localhost/arca:dev} on the local node, installed by Helm and by
 * {@code arca install}: it becomes Ready, reaches the API server through the {@code kubernetes}
 * Service with its service account (the RBAC of the install), and completes a scheduled backup
 * into s3proxy, which listens on the node bridge's gateway so that pods reach it. The CLI then
 * sees the server's backup in the same location.
 */
@WithNode
@ExtendWith(ControlPlaneExtension.class)
class ServerPodIT {
    private static final String GATEWAY = "10.89.0.1";
    private static final Duration READY = Duration.ofMinutes(4);
    @TempDir
    Path dir;

    @Test
    void helmAndArcaInstallBothRunTheServerAsAPodThatCompletesAScheduledBackup(LocalControlPlane cluster,
            KubernetesClient client) throws Exception {
        try (S3Server s3 = S3Server.start(GATEWAY)) {
            helmInstalled(cluster, client, s3);
            arcaInstalled(cluster, client, s3);
        }
    }

    private void helmInstalled(LocalControlPlane cluster, KubernetesClient client, S3Server s3) {
        String ns = "arca-helm";
        new Helm(chart()).install().withName("arca").withNamespace(ns).createNamespace().withKubeConfig(cluster.kubeconfig())
                .call();
        try {
            String bucket = s3.createUniqueBucket("helm");
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("s3").endMetadata()
                    .addToStringData("credential", credentials(s3)).build()).create();
            BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
            spec.setProvider(LocationProvider.s3);
            spec.setBucket(bucket);
            spec.setEndpoint(s3.endpoint());
            spec.setPathStyle(true);
            spec.setCredential(SecretKeyRef.of("s3", "credential"));
            spec.setDefaultLocation(true);
            BackupLocation location = new BackupLocation();
            location.setMetadata(new ObjectMetaBuilder().withName("main").withNamespace(ns).build());
            location.setSpec(spec);
            client.resource(location).create();
            awaitReady(client, ns);
            String backup = scheduledBackupCompletes(client, ns, "helm-every");
            assertThat(s3.basedir().resolve(bucket).resolve("backups").resolve(backup).resolve("backup.json")).exists();
            cleanUp(client, ns);
        } finally {
            Helm.uninstall("arca").withNamespace(ns).withKubeConfig(cluster.kubeconfig()).call();
        }
    }

    private void arcaInstalled(LocalControlPlane cluster, KubernetesClient client, S3Server s3) throws Exception {
        String ns = "arca-cli";
        String bucket = s3.createUniqueBucket("cli");
        Path credentials = dir.resolve("s3-credentials");
        Files.writeString(credentials, credentials(s3));
        Path passphrase = dir.resolve("passphrase");
        Files.writeString(passphrase, "correct horse battery staple 42");
        Cli arca = new Cli(dir.resolve("home"), cluster.kubeconfig());
        Cli.Result added = arca.run("location", "add", "pods", "--s3", "--bucket", bucket, "--endpoint", s3.endpoint(),
                "--credentials-file", credentials.toString(), "--passphrase-file", passphrase.toString(), "--default");
        assertThat(added.code()).as(added.toString()).isZero();
        Cli.Result installed = arca.run("install", "--namespace", ns, "--location", "pods", "--wait", "--timeout", "4m");
        assertThat(installed.code()).as(installed.toString()).isZero();

        String backup = scheduledBackupCompletes(client, ns, "cli-every");
        Cli.Result listed = arca.run("backup", "get");
        assertThat(listed.out()).as("the CLI reads the server's encrypted backup in the same location").contains(backup);
        Cli.Result described = arca.run("backup", "describe", backup);
        assertThat(described.code()).as(described.toString()).isZero();
        assertThat(described.out()).contains("Completed");
        cleanUp(client, ns);
        Cli.Result removed = arca.run("uninstall", "--namespace", ns, "--include-crds");
        assertThat(removed.code()).as(removed.toString()).isZero();
    }

    private static String credentials(S3Server s3) {
        return "[default]\naws_access_key_id = " + s3.accessKey() + "\naws_secret_access_key = " + s3.secretKey() + "\n";
    }

    private static void awaitReady(KubernetesClient client, String ns) {
        await().atMost(READY).pollInterval(Duration.ofSeconds(2)).until(() -> {
            Deployment d = client.apps().deployments().inNamespace(ns).withName("arca-server").get();
            return d != null && d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas());
        });
    }

    /** Creates a Schedule of {@code @every 20s} and waits for its first backup to complete in the pod. */
    private static String scheduledBackupCompletes(KubernetesClient client, String ns, String name) {
        awaitReady(client, ns);
        Schedule schedule = new Schedule();
        schedule.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        dev.arca.server.resources.ScheduleSpec spec = new dev.arca.server.resources.ScheduleSpec();
        spec.setSchedule("@every 20s");
        dev.arca.server.resources.BackupResourceSpec template = new dev.arca.server.resources.BackupResourceSpec();
        template.setIncludedNamespaces(List.of(ns));
        spec.setTemplate(template);
        schedule.setSpec(spec);
        client.resource(schedule).create();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() ->
                client.resources(Backup.class).inNamespace(ns).withLabel(Resources.SCHEDULE_LABEL, name).list().getItems().stream()
                        .anyMatch(b -> b.getStatus() != null && b.getStatus().getPhase() == BackupPhase.Completed));
        return client.resources(Backup.class).inNamespace(ns).withLabel(Resources.SCHEDULE_LABEL, name).list().getItems().stream()
                .filter(b -> b.getStatus().getPhase() == BackupPhase.Completed).findFirst().orElseThrow().getMetadata().getName();
    }

    /** Deletes the schedules and backups while the server runs, so that their finalizers are handled by it. */
    private static void cleanUp(KubernetesClient client, String ns) {
        client.resources(Schedule.class).inNamespace(ns).delete();
        client.resources(Backup.class).inNamespace(ns).delete();
        await().atMost(Duration.ofMinutes(2)).until(() -> client.resources(Backup.class).inNamespace(ns).list().getItems().isEmpty());
    }

    private static Path chart() {
        String root = System.getenv("ARCA_REPO_ROOT");
        Path base = root != null && !root.isBlank() ? Path.of(root) : Path.of(System.getProperty("user.dir")).getParent();
        return base.resolve("charts").resolve("arca");
    }
}

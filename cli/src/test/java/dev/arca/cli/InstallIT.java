package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.server.install.InstallManifests;
import dev.arca.server.install.InstallOptions;
import dev.arca.server.resources.BackupLocation;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.s3.S3Server;
import dev.arca.testkit.s3.S3ServerExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arca install} and {@code arca uninstall} on a real control plane (no node: the server's
 * pod stays Pending; the lead's node test sees it become Ready). Each test installs into its own
 * namespace; the ClusterRoles are shared by design.
 */
@ExtendWith({ControlPlaneExtension.class, S3ServerExtension.class})
class InstallIT {
    @TempDir
    Path home;

    @Test
    void installingTwiceCreatesEveryObjectOnceAndTheSecondRunChangesNothing(LocalControlPlane cluster,
                                                                             KubernetesClient client, TestNamespace ns) {
        Cli arca = new Cli(home, cluster.kubeconfig());
        Cli.Result first = arca.run("install", "--namespace", ns.name());
        assertThat(first.code()).as(first.toString()).isZero();
        List<HasMetadata> expected = InstallManifests.objects(InstallOptions.defaults().withNamespace(ns.name()));
        assertThat(first.out().lines().count()).as(first.toString()).isEqualTo(expected.size());
        Map<String, String> before = settledVersions(client, expected);
        assertThat(before.values()).as("every object exists").doesNotContainNull();
        assertThat(client.apps().deployments().inNamespace(ns.name()).withName("arca-server").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getArgs()).contains("server");

        Cli.Result second = arca.run("install", "--namespace", ns.name());
        assertThat(second.code()).as(second.toString()).isZero();
        assertThat(second.out().lines()).as(second.toString()).hasSize(expected.size())
                .allSatisfy(line -> assertThat(line).endsWith(" unchanged"));
        assertThat(versions(client, expected)).isEqualTo(before);
    }

    @Test
    void anS3LocationBecomesABackupLocationWhoseSecretHoldsThePassphraseAndCredentialAndNeitherIsPrinted(
            LocalControlPlane cluster, KubernetesClient client, TestNamespace ns, S3Server s3) throws Exception {
        String bucket = s3.createUniqueBucket("install");
        Path credentials = Files.writeString(home.resolve("s3-credentials"), "[default]\naws_access_key_id = "
                + s3.accessKey() + "\naws_secret_access_key = " + s3.secretKey() + "\n");
        String passphrase = "the server's passphrase, never printed";
        Path passphraseFile = Files.writeString(home.resolve("passphrase"), passphrase + "\n");
        Cli arca = new Cli(home, cluster.kubeconfig());
        Cli.Result added = arca.run("location", "add", "offsite", "--s3", "--bucket", bucket, "--endpoint", s3.endpoint(),
                "--credentials-file", credentials.toString(), "--passphrase-file", passphraseFile.toString());
        assertThat(added.code()).as(added.toString()).isZero();

        Cli.Result installed = arca.run("install", "--namespace", ns.name(), "--location", "offsite",
                "--location-endpoint", "http://10.88.0.1:9000");
        assertThat(installed.code()).as(installed.toString()).isZero();
        InstallCommandTest.assertNoSecretIn(installed, passphrase);
        InstallCommandTest.assertNoSecretIn(installed, s3.secretKey());

        Secret secret = client.secrets().inNamespace(ns.name()).withName("arca-location-offsite").get();
        assertThat(decode(secret.getData().get("passphrase"))).isEqualTo(passphrase);
        assertThat(decode(secret.getData().get("credential"))).isEqualTo(Files.readString(credentials));
        BackupLocation location = client.resources(BackupLocation.class).inNamespace(ns.name()).withName("offsite").get();
        assertThat(location.getSpec().getBucket()).isEqualTo(bucket);
        assertThat(location.getSpec().getEndpoint()).isEqualTo("http://10.88.0.1:9000");
        assertThat(location.getSpec().getEncryptionPassphrase().getName()).isEqualTo("arca-location-offsite");
        assertThat(location.getSpec().getCredential().getKey()).isEqualTo("credential");
    }

    @Test
    void uninstallRemovesTheServerButKeepsTheCrdsTheNamespaceAndTheLocations(LocalControlPlane cluster,
                                                                             KubernetesClient client, TestNamespace ns)
            throws Exception {
        Cli arca = new Cli(home, cluster.kubeconfig());
        Files.writeString(home.resolve("pass"), "uninstall passphrase\n");
        assertThat(arca.run("location", "add", "local", "--dir", home.resolve("vault").toString(), "--passphrase-file",
                home.resolve("pass").toString()).code()).isZero();
        Cli.Result installed = arca.run("install", "--namespace", ns.name(), "--location", "local");
        assertThat(installed.code()).as(installed.toString()).isZero();

        Cli.Result removed = arca.run("uninstall", "--namespace", ns.name());
        assertThat(removed.code()).as(removed.toString()).isZero();
        assertThat(removed.out()).contains("deployment/arca-server deleted").contains("clusterrolebinding/arca-server-"
                + ns.name() + " deleted").doesNotContain("customresourcedefinition");
        assertThat(removed.err()).contains("--include-crds");
        assertThat(client.apps().deployments().inNamespace(ns.name()).withName("arca-server").get()).isNull();
        assertThat(client.serviceAccounts().inNamespace(ns.name()).withName("arca-server").get()).isNull();
        assertThat(client.rbac().clusterRoleBindings().withName("arca-server-" + ns.name()).get()).isNull();
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName("backups.arca.dev").get()).isNotNull();
        assertThat(client.resources(BackupLocation.class).inNamespace(ns.name()).withName("local").get()).isNotNull();
        assertThat(client.secrets().inNamespace(ns.name()).withName("arca-location-local").get()).isNotNull();
    }

    @Test
    void waitingForAServerThatCannotStartFailsAfterTheTimeoutNamingTheDeployment(LocalControlPlane cluster,
                                                                             TestNamespace ns) {
        // no node here, so the server's pod stays Pending and the Deployment never has a replica available
        Cli.Result r = new Cli(home, cluster.kubeconfig()).run("install", "--namespace", ns.name(), "--wait", "--timeout", "3s");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("deployment " + ns.name() + "/arca-server has 0 available replicas after 3s")
                .contains("kubectl -n " + ns.name() + " describe deployment arca-server");
    }

    @Test
    void uninstallWithCrdsDeletesThemEvenWhenAResourceHasAFinalizerNoServerIsLeftToRemove(LocalControlPlane cluster,
                                                                                          KubernetesClient client,
                                                                                          TestNamespace ns) {
        Cli arca = new Cli(home, cluster.kubeconfig());
        assertThat(arca.run("install", "--namespace", ns.name()).code()).isZero();
        client.genericKubernetesResources("arca.dev/v1alpha1", "Backup").inNamespace(ns.name())
                .resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                        .withApiVersion("arca.dev/v1alpha1").withKind("Backup").withNewMetadata().withName("b1")
                        .withFinalizers("arca.dev/cleanup").endMetadata().build()).create();

        Cli.Result removed = arca.run("uninstall", "--namespace", ns.name(), "--include-crds");
        assertThat(removed.code()).as(removed.toString()).isZero();
        assertThat(removed.out()).contains("customresourcedefinition/backups.arca.dev deleted")
                .contains("namespace/" + ns.name() + " deleted");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(client.apiextensions().v1()
                .customResourceDefinitions().list().getItems()).noneMatch(c -> c.getSpec().getGroup().equals("arca.dev")));
    }

    /** The resourceVersions once the controllers are done with the new objects (Deployment status, token Secret). */
    private static Map<String, String> settledVersions(KubernetesClient client, List<HasMetadata> objects) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Deployment d = client.apps().deployments().inNamespace(objects.get(0).getMetadata().getName())
                    .withName("arca-server").get();
            return d.getStatus() != null && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration());
        });
        Map<String, String>[] last = new Map[] {versions(client, objects)};
        await().pollDelay(Duration.ofSeconds(2)).pollInterval(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(60))
                .until(() -> {
                    Map<String, String> now = versions(client, objects);
                    boolean same = now.equals(last[0]);
                    last[0] = now;
                    return same;
                });
        return last[0];
    }

    private static Map<String, String> versions(KubernetesClient client, List<HasMetadata> objects) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (HasMetadata o : objects) {
            HasMetadata live = client.resource(o).get();
            versions.put(o.getKind() + "/" + o.getMetadata().getName(), live == null ? null : live.getMetadata().getResourceVersion());
        }
        return versions;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}

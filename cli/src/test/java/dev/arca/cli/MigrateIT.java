package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arca migrate} between two local control planes: A (the extension's) holds an application whose
 * PVC names storage class "fast" and whose custom resource's CRD exist only in A; B (started here)
 * already has the namespace.
 */
@ExtendWith(ControlPlaneExtension.class)
class MigrateIT {
    private static LocalControlPlane other;
    @TempDir
    Path home;
    private Cli arca;

    @BeforeAll
    static void startTarget() {
        other = LocalControlPlane.start();
    }

    @AfterAll
    static void stopTarget() {
        if (other != null) {
            other.close();
        }
    }

    @BeforeEach
    void location(LocalControlPlane cluster) throws Exception {
        Path kubeconfig = twoClusters(cluster.kubeconfig(), other.kubeconfig(), home.resolve("kubeconfig"));
        arca = new Cli(home, kubeconfig);
        Files.writeString(home.resolve("passphrase"), "migrate passphrase\n");
        Cli.Result added = arca.run("location", "add", "loc", "--dir", home.resolve("location").toString(), "--passphrase-file",
                home.resolve("passphrase").toString(), "--default");
        assertThat(added.code()).as(added.toString()).isZero();
    }

    @Test
    void thePreflightNamesWhatTheTargetLacksAndABlockedMigrationWritesNothing(KubernetesClient client, TestNamespace ns)
            throws Exception {
        String crd = application(client, ns.name());
        KubernetesClient b = other.client();
        b.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns.name()).endMetadata().build()).create();

        Cli.Result report = arca.run("migrate", "--from-context", "a", "--to-context", "b", "--include-namespaces", ns.name(),
                "--preflight-only");
        assertThat(report.code()).as(report.toString()).isEqualTo(ExitCode.OK);
        assertThat(report.out()).contains("carried  " + crd + " (" + group(ns.name()) + "/v1 Widget, 1 objects)")
                .contains("fast, used by: persistentvolumeclaims " + ns.name() + "/data")
                .contains("Namespaces that exist in the target").contains("  " + ns.name() + "\n")
                .contains("localhost/debian:bookworm, used by: deployments.apps " + ns.name() + "/web containers/web")
                .contains("localhost/busybox:1, used by: deployments.apps " + ns.name() + "/web initContainers/setup")
                .contains("Result: no blocking problem");

        Cli.Result blockedReport = arca.run("migrate", "--from-context", "a", "--to-context", "b", "--include-namespaces",
                ns.name(), "--include-cluster-resources=false", "--preflight-only", "-o", "json");
        assertThat(blockedReport.code()).as(blockedReport.toString()).isEqualTo(ExitCode.PREFLIGHT_BLOCKED);
        JsonNode json = new ObjectMapper().readTree(blockedReport.out());
        assertThat(json.path("blocked").asBoolean()).isTrue();
        assertThat(json.path("missingTypes").get(0).path("resource").asText()).isEqualTo(crd);
        assertThat(json.path("missingTypes").get(0).path("blocking").asBoolean()).isTrue();

        Cli.Result blocked = arca.run("migrate", "--from-context", "a", "--to-context", "b", "--include-namespaces", ns.name(),
                "--include-cluster-resources=false", "moved");
        assertThat(blocked.code()).as(blocked.toString()).isEqualTo(ExitCode.PREFLIGHT_BLOCKED);
        assertThat(blocked.err()).contains("migration stopped before its backup").contains(crd);

        assertThat(b.configMaps().inNamespace(ns.name()).withName("settings").get()).as("nothing restored into B").isNull();
        assertThat(b.genericKubernetesResources("apiextensions.k8s.io/v1", "CustomResourceDefinition").withName(crd).get()).isNull();
        assertThat(home.resolve("location").resolve("backups")).as("no backup written").doesNotExist();
        assertThat(arca.run("backup", "get").out()).doesNotContain("moved");
    }

    @Test
    void aMigrationCarriesTheCrdRestoresEverythingIntoTheTargetAndVerifies(KubernetesClient client, TestNamespace ns) {
        String crd = application(client, ns.name());
        KubernetesClient b = other.client();
        b.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns.name()).endMetadata().build()).create();

        String[] maps = {"--image-map", "localhost/debian=registry.qa.local/debian", "--storage-class-map", "fast=standard"};
        Cli.Result preflight = arca.run(concat(new String[] {"migrate", "--from-context", "a", "--to-context", "b",
                "--include-namespaces", ns.name(), "--preflight-only"}, maps));
        assertThat(preflight.code()).as(preflight.toString()).isEqualTo(ExitCode.OK);
        assertThat(preflight.out()).as("the report sees what the restore's mappers will write")
                .contains("fast (mapped to standard), used by: persistentvolumeclaims " + ns.name() + "/data")
                .contains("localhost/debian:bookworm -> registry.qa.local/debian:bookworm")
                .contains("localhost/busybox:1, used by:");

        Cli.Result moved = arca.run(concat(new String[] {"migrate", "--from-context", "a", "--to-context", "b",
                "--include-namespaces", ns.name(), "moved"}, maps));
        assertThat(moved.code()).as(moved.toString()).isEqualTo(ExitCode.OK);
        assertThat(moved.out()).contains("Verification: passed").contains("migration Completed");

        assertThat(b.configMaps().inNamespace(ns.name()).withName("settings").get().getData()).containsEntry("mode", "eu");
        assertThat(b.secrets().inNamespace(ns.name()).withName("creds").get().getData()).containsKey("password");
        assertThat(b.apps().deployments().inNamespace(ns.name()).withName("web").get().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage()).isEqualTo("registry.qa.local/debian:bookworm");
        assertThat(b.persistentVolumeClaims().inNamespace(ns.name()).withName("data").get().getSpec().getStorageClassName())
                .isEqualTo("standard");
        GenericKubernetesResource widget = b.genericKubernetesResources(group(ns.name()) + "/v1", "Widget")
                .inNamespace(ns.name()).withName("gizmo").get();
        assertThat(widget).as("the custom resource, after its CRD %s", crd).isNotNull();
        assertThat(widget.getAdditionalProperties().get("spec")).isEqualTo(Map.of("size", 3));
    }

    @Test
    void anEnvironmentIsTheMigrationsTargetWithItsMappers(KubernetesClient client, TestNamespace ns) {
        application(client, ns.name());
        Cli.Result added = arca.run("env", "add", "eu", "--context", "b", "--image-map", "localhost/debian=registry.qa.local/debian",
                "--storage-class-map", "fast=standard");
        assertThat(added.code()).as(added.toString()).isZero();

        Cli.Result report = arca.run("migrate", "--from-context", "a", "--env", "eu", "--include-namespaces", ns.name(),
                "--preflight-only");

        assertThat(report.code()).as(report.toString()).isEqualTo(ExitCode.OK);
        assertThat(report.out()).as("B (the env's context) lacks the CRD; the env's mappers are applied")
                .contains("carried  ").contains("fast (mapped to standard), used by: persistentvolumeclaims " + ns.name() + "/data")
                .contains("localhost/debian:bookworm -> registry.qa.local/debian:bookworm");
    }

    /** The application in A: ConfigMap, Secret, Deployment, a PVC of class "fast", a Widget; returns the CRD's name. */
    private static String application(KubernetesClient a, String ns) {
        String group = group(ns);
        String crd = "widgets." + group;
        if (a.genericKubernetesResources("storage.k8s.io/v1", "StorageClass").withName("fast").get() == null) {
            a.genericKubernetesResources("storage.k8s.io/v1", "StorageClass").resource(Serialization.unmarshal("""
                    {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "fast"},
                     "provisioner": "kubernetes.io/no-provisioner"}""", GenericKubernetesResource.class)).create();
        }
        a.genericKubernetesResources("apiextensions.k8s.io/v1", "CustomResourceDefinition").resource(Serialization.unmarshal("""
                {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "%s"},
                 "spec": {"group": "%s", "scope": "Namespaced",
                  "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
                  "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema":
                    {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}}""".formatted(crd, group),
                GenericKubernetesResource.class)).create();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> a.genericKubernetesResources(
                "apiextensions.k8s.io/v1", "CustomResourceDefinition").withName(crd).get().toString().contains("Established"));
        a.genericKubernetesResources(group + "/v1", "Widget").inNamespace(ns).resource(Serialization.unmarshal("""
                {"apiVersion": "%s/v1", "kind": "Widget", "metadata": {"name": "gizmo"}, "spec": {"size": 3}}""".formatted(group),
                GenericKubernetesResource.class)).create();
        a.resourceList("""
                {"apiVersion": "v1", "kind": "List", "items": [
                 {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "%1$s"}, "data": {"mode": "eu"}},
                 {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds", "namespace": "%1$s"},
                  "stringData": {"password": "s3cret"}},
                 {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data", "namespace": "%1$s"},
                  "spec": {"storageClassName": "fast", "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}},
                 {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "%1$s"},
                  "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                   "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
                    "initContainers": [{"name": "setup", "image": "localhost/busybox:1"}],
                    "containers": [{"name": "web", "image": "localhost/debian:bookworm"}]}}}}]}""".formatted(ns)).create();
        return crd;
    }

    private static String group(String ns) {
        return ns + ".example.test";
    }

    /** A kubeconfig with contexts "a" and "b" for the two control planes (both loopback, token users). */
    static Path twoClusters(Path a, Path b, Path file) throws java.io.IOException {
        String[] sa = serverAndToken(a);
        String[] sb = serverAndToken(b);
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - {name: a, cluster: {server: "%s", insecure-skip-tls-verify: true}}
                - {name: b, cluster: {server: "%s", insecure-skip-tls-verify: true}}
                users: [{name: ua, user: {token: %s}}, {name: ub, user: {token: %s}}]
                contexts:
                - {name: a, context: {cluster: a, user: ua}}
                - {name: b, context: {cluster: b, user: ub}}
                current-context: a
                """.formatted(sa[0], sb[0], sa[1], sb[1]));
        return file;
    }

    private static String[] serverAndToken(Path kubeconfig) throws java.io.IOException {
        String config = Files.readString(kubeconfig);
        return new String[] {config.replaceAll("(?s).*server: (\\S+).*", "$1"), config.replaceAll("(?s).*token: (\\S+).*", "$1")};
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

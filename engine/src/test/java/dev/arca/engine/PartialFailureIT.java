package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.archive.BackupManifest;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ControlPlaneExtension.class)
class PartialFailureIT {
    @TempDir
    Path dir;

    @Test
    void aTypeThatCannotBeListedIsAnErrorAndTheBackupEndsPartiallyFailed(KubernetesClient admin, TestNamespace ns) {
        String name = ns.name();
        admin.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .addToData("k", "v").build()).create();
        admin.secrets().inNamespace(name).resource(new SecretBuilder().withNewMetadata().withName("s").endMetadata()
                .addToStringData("k", "v").build()).create();
        admin.serviceAccounts().inNamespace(name).resource(new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata().build()).create();
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(name + "-no-secrets").endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("namespaces", "configmaps").withVerbs("get", "list").build())
                .build()).create();
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(name + "-no-secrets").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", name + "-no-secrets")
                .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace(name).endSubject().build()).create();
        try (KubernetesClient reader = clientOf(admin, name, "reader")) {
            BackupSpec spec = new BackupSpec(List.of(name), null, List.of("configmaps", "secrets"), null, null, null, null, null, null);
            BackupManifest manifest = new BackupRunner(reader, new FilesystemObjectStore(dir), EngineOptions.defaults())
                    .run("partial", spec, ProgressListener.NONE);

            assertThat(manifest.phase()).isEqualTo(Phase.PartiallyFailed);
            assertThat(manifest.counts().get("configmaps")).isGreaterThanOrEqualTo(1L);
            assertThat(manifest.counts()).doesNotContainKey("secrets");
            assertThat(manifest.outcome().errors()).singleElement().satisfies(p -> {
                assertThat(p.resource()).isEqualTo("secrets");
                assertThat(p.namespace()).isEqualTo(name);
                assertThat(p.message()).contains("forbidden").contains("--exclude-resources");
            });
            assertThat(manifest.outcome().warnings()).as("CRDs cannot be listed either").singleElement().satisfies(p -> {
                assertThat(p.resource()).isEqualTo("customresourcedefinitions.apiextensions.k8s.io");
                assertThat(p.message()).startsWith("cannot list CRDs, custom resources will come without their definitions: forbidden");
            });
        } finally {
            admin.rbac().clusterRoleBindings().withName(name + "-no-secrets").delete();
            admin.rbac().clusterRoles().withName(name + "-no-secrets").delete();
        }
    }

    @Test
    void credentialsThatCannotListNamespacesStopTheBackupSayingWhy(KubernetesClient admin, TestNamespace ns) {
        admin.serviceAccounts().inNamespace(ns.name()).resource(new ServiceAccountBuilder().withNewMetadata().withName("nobody")
                .endMetadata().build()).create();
        try (KubernetesClient nobody = clientOf(admin, ns.name(), "nobody")) {
            BackupSpec spec = new BackupSpec(List.of(ns.name()), null, null, null, null, null, null, null, null);
            BackupRunner runner = new BackupRunner(nobody, new FilesystemObjectStore(dir), EngineOptions.defaults());

            assertThatThrownBy(() -> runner.run("nothing", spec, ProgressListener.NONE))
                    .isInstanceOf(ArcaException.class)
                    .hasMessageStartingWith("cannot list the namespaces of " + admin.getMasterUrl())
                    .hasMessageContaining("forbidden (HTTP 403)")
                    .hasMessageContaining("needs 'list' on namespaces")
                    .hasMessageNotContaining("--exclude-resources");
        }
    }

    /** A client with the token of service account {@code account}, once the token controller has made it. */
    private static KubernetesClient clientOf(KubernetesClient admin, String namespace, String account) {
        String token = await().atMost(Duration.ofSeconds(30)).until(() -> admin.secrets().inNamespace(namespace).list().getItems().stream()
                .filter(s -> "kubernetes.io/service-account-token".equals(s.getType()))
                .filter(s -> account.equals(s.getMetadata().getAnnotations().get("kubernetes.io/service-account.name")))
                .map(s -> new String(Base64.getDecoder().decode(s.getData().get("token")), StandardCharsets.UTF_8))
                .findFirst().orElse(null), t -> t != null);
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(admin.getMasterUrl().toString()).withOauthToken(token).withTrustCerts(true).build()).build();
    }
}

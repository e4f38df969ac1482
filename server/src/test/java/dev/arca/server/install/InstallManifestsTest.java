package dev.arca.server.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.LocationProvider;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstallManifestsTest {

    static InstallLocation s3Location() {
        BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
        spec.setProvider(LocationProvider.s3);
        spec.setBucket("backups");
        spec.setEndpoint("http://10.0.0.1:9000");
        return new InstallLocation("offsite", spec, "correct horse battery", "[default]\naws_access_key_id = AK\n");
    }

    @Test
    void theObjectsComeInApplyOrderNamespaceFirstThenCrdsThenRbacThenTheWorkload() {
        List<String> kinds = InstallManifests.objects(InstallOptions.defaults()).stream().map(HasMetadata::getKind).toList();
        assertThat(kinds).containsExactly("Namespace", "CustomResourceDefinition", "CustomResourceDefinition",
                "CustomResourceDefinition", "CustomResourceDefinition", "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRole",
                "ClusterRoleBinding", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "Service");
    }

    @Test
    void everyNamespacedObjectIsInTheInstallNamespace() {
        List<HasMetadata> objects = InstallManifests.objects(InstallOptions.defaults().withNamespace("backup-system")
                .withLocation(s3Location()));
        assertThat(objects).filteredOn(o -> o instanceof Namespaced).isNotEmpty()
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo("backup-system"));
        assertThat(objects).filteredOn(o -> !(o instanceof Namespaced))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isNull());
        assertThat(objects.get(0).getMetadata().getName()).isEqualTo("backup-system");
    }

    @Test
    void theDeploymentRunsTheServerAsTheImagesUserWithAReadOnlyRootAndProbesOnTheMetricsPort() {
        InstallOptions options = InstallOptions.defaults().withImage("registry.example/arca:1.0", "Always").withReplicas(2)
                .withMetricsPort(9090);
        Deployment deployment = only(InstallManifests.objects(options), Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("arca-server");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/arca:1.0");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(c.getArgs()).containsExactly("server", "--metrics-address", ":9090", "--namespace", "arca");
        assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(9090);
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/tmp", "/home/arca");
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("ARCA_HOME");
            assertThat(e.getValue()).startsWith("/home/arca/");
        });
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void theServiceExposesTheMetricsPortToPrometheus() {
        Service service = only(InstallManifests.objects(InstallOptions.defaults()), Service.class);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("metrics");
            assertThat(p.getPort()).isEqualTo(8085);
        });
        assertThat(service.getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", "8085").containsEntry("prometheus.io/path", "/metrics");
        assertThat(service.getSpec().getSelector()).isEqualTo(InstallManifests.selector());
    }

    @Test
    void theClusterRoleBindingsNameTheNamespaceAndBindItsServiceAccount() {
        List<ClusterRoleBinding> bindings = InstallManifests.objects(InstallOptions.defaults().withNamespace("ops")).stream()
                .filter(ClusterRoleBinding.class::isInstance).map(ClusterRoleBinding.class::cast).toList();
        assertThat(bindings).extracting(b -> b.getMetadata().getName())
                .containsExactly("arca-server-ops", "arca-backup-restore-ops");
        assertThat(bindings).allSatisfy(b -> assertThat(b.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("arca-server");
            assertThat(s.getNamespace()).isEqualTo("ops");
        }));
    }

    @Test
    void onlyTheBackupRestoreRoleReachesBeyondArcasOwnKinds() {
        assertThat(ServerRbac.serverRules()).flatExtracting(PolicyRule::getApiGroups)
                .containsOnly("arca.dev", "apiextensions.k8s.io");
        assertThat(ServerRbac.serverRules()).filteredOn(r -> r.getApiGroups().contains("apiextensions.k8s.io"))
                .flatExtracting(PolicyRule::getVerbs).containsOnly("get", "list", "watch");
        assertThat(ServerRbac.backupRestoreRules()).flatExtracting(PolicyRule::getVerbs).doesNotContain("delete", "*");
        assertThat(ServerRbac.namespaceRules()).filteredOn(r -> r.getResources().contains("secrets"))
                .flatExtracting(PolicyRule::getVerbs).containsOnly("get", "list", "watch");
    }

    @Test
    void aLocationGoesIntoASecretAndABackupLocationThatRefersToIt() {
        List<HasMetadata> objects = InstallManifests.objects(InstallOptions.defaults().withLocation(s3Location()));
        Secret secret = only(objects, Secret.class);
        assertThat(secret.getMetadata().getName()).isEqualTo("arca-location-offsite");
        assertThat(decode(secret.getData().get("passphrase"))).isEqualTo("correct horse battery");
        assertThat(decode(secret.getData().get("credential"))).startsWith("[default]");
        BackupLocation location = only(objects, BackupLocation.class);
        assertThat(location.getSpec().getEncryptionPassphrase().getName()).isEqualTo("arca-location-offsite");
        assertThat(location.getSpec().getEncryptionPassphrase().getKey()).isEqualTo("passphrase");
        assertThat(location.getSpec().getCredential().getKey()).isEqualTo("credential");
        assertThat(location.getSpec().getEndpoint()).isEqualTo("http://10.0.0.1:9000");
        assertThat(objects.indexOf(secret)).isLessThan(objects.indexOf(location)).isGreaterThan(4);
        assertThat(s3Location().spec().getCredential()).as("the caller's spec is not changed").isNull();
    }

    @Test
    void aLocationWithoutSecretsGetsNoSecretAndNoReferences() {
        BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
        spec.setProvider(LocationProvider.filesystem);
        spec.setPath("/var/arca");
        List<HasMetadata> objects = InstallManifests.objects(InstallOptions.defaults()
                .withLocation(new InstallLocation("local", spec, null, null)));
        assertThat(objects).noneMatch(Secret.class::isInstance);
        BackupLocation location = only(objects, BackupLocation.class);
        assertThat(location.getSpec().getEncryptionPassphrase()).isNull();
        assertThat(location.getSpec().getCredential()).isNull();
    }

    @Test
    void aFilesystemLocationsDirectoryIsMountedFromTheNodeAtTheSamePathAndAnS3OneMountsNothing() {
        BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
        spec.setProvider(LocationProvider.filesystem);
        spec.setPath("/var/arca");
        io.fabric8.kubernetes.api.model.PodSpec pod = only(InstallManifests.objects(InstallOptions.defaults()
                .withLocation(new InstallLocation("local", spec, null, null))), io.fabric8.kubernetes.api.model.apps.Deployment.class)
                .getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes().stream().filter(v -> v.getHostPath() != null).toList()).singleElement().satisfies(v -> {
            assertThat(v.getHostPath().getPath()).isEqualTo("/var/arca");
            assertThat(v.getHostPath().getType()).isEqualTo("DirectoryOrCreate");
        });
        assertThat(pod.getContainers().get(0).getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/arca"));
        io.fabric8.kubernetes.api.model.PodSpec s3 = only(InstallManifests.objects(InstallOptions.defaults().withLocation(s3Location())),
                io.fabric8.kubernetes.api.model.apps.Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(s3.getVolumes()).noneMatch(v -> v.getHostPath() != null);
    }

    @Test
    void aLocationNeverShowsItsSecretsWhenPrinted() {
        assertThat(s3Location().toString()).doesNotContain("horse").doesNotContain("AK").contains("offsite");
    }

    @Test
    void invalidOptionsAreRefusedWithTheValueNamed() {
        assertThatThrownBy(() -> InstallOptions.defaults().withNamespace("Arca_NS"))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("\"Arca_NS\"");
        assertThatThrownBy(() -> InstallOptions.defaults().withImage("arca:dev", "Sometimes"))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("Sometimes");
        assertThatThrownBy(() -> InstallOptions.defaults().withReplicas(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> new InstallLocation("My_Loc", s3Location().spec(), null, null))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("My_Loc");
    }

    static <T> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}

package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.BackupManifest;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.restore.ItemOutcome;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names the API server accepts but a file system would not like: a tenant may choose them. (A
 * backslash is accepted too, but the fabric8 client cannot address such an object by name; the
 * archive's escaping of it is covered by ItemKeyTest.)
 */
@ExtendWith(ControlPlaneExtension.class)
class OddNamesIT {
    private static final String LABEL = "arca-test/odd-names";
    @TempDir
    Path dir;

    @Test
    void rbacObjectsNamedWithDotsAreBackedUpAndRestoredWithTheRest(KubernetesClient client, TestNamespace ns) {
        String clusterRole = ns.name() + "..b";
        List<String> roles = List.of("a..b", "..", "system:odd..name", "...");
        List<String> created = new java.util.ArrayList<>();
        for (String role : roles) {
            try {
                client.rbac().roles().inNamespace(ns.name()).resource(new RoleBuilder().withNewMetadata().withName(role).addToLabels(LABEL, "yes").endMetadata()
                        .withRules(rule()).build()).create();
                created.add(role);
            } catch (io.fabric8.kubernetes.client.KubernetesClientException refused) {
                assertThat(role).as("the API server refuses only a name that is a path step").isEqualTo("..");
            }
        }
        assertThat(created).contains("a..b", "system:odd..name", "...");
        client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(clusterRole).addToLabels(LABEL, "yes").endMetadata()
                .withRules(rule()).build()).create();
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("plain").addToLabels(LABEL, "yes").endMetadata()
                .addToData("k", "v").build()).create();
        ObjectStore store = new FilesystemObjectStore(dir);
        try {
            BackupSpec spec = new BackupSpec(List.of(ns.name()), null, null, null, true, LABEL + "=yes", null, null, null);
            BackupManifest manifest = new BackupRunner(client, store, EngineOptions.defaults()).run("odd", spec, ProgressListener.NONE);

            assertThat(manifest.phase()).as("errors: %s", manifest.outcome().errors()).isEqualTo(Phase.Completed);
            try (ArchiveReader reader = ArchiveReader.open(store, "odd")) {
                assertThat(reader.resourceList().get("roles.rbac.authorization.k8s.io"))
                        .contains(ns.name() + "/a..b", ns.name() + "/system:odd..name", ns.name() + "/...");
                assertThat(reader.resourceList().get("clusterroles.rbac.authorization.k8s.io")).contains(clusterRole);
            }

            for (String role : created) {
                client.rbac().roles().inNamespace(ns.name()).withName(role).delete();
            }
            client.rbac().clusterRoles().withName(clusterRole).delete();
            client.configMaps().inNamespace(ns.name()).withName("plain").delete();
            RestoreSpec restore = new RestoreSpec("odd", null, null, List.of("roles.rbac.authorization.k8s.io",
                    "clusterroles.rbac.authorization.k8s.io", "configmaps"), null, null, null, Map.of(), false, false, null, null);
            RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults()).run("odd-r", restore, ProgressListener.NONE);

            assertThat(record.count(ItemOutcome.failed)).as("errors: %s", record.outcome().errors()).isZero();
            for (String role : created) {
                assertThat(client.rbac().roles().inNamespace(ns.name()).withName(role).get()).as(role).isNotNull();
            }
            assertThat(client.rbac().clusterRoles().withName(clusterRole).get()).isNotNull();
            assertThat(client.configMaps().inNamespace(ns.name()).withName("plain").get()).isNotNull();
        } finally {
            client.rbac().clusterRoles().withName(clusterRole).delete();
        }
    }

    private static io.fabric8.kubernetes.api.model.rbac.PolicyRule rule() {
        return new PolicyRuleBuilder().withApiGroups("").withResources("configmaps").withVerbs("get").build();
    }
}

package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A namespace's backup brings the RBAC its ServiceAccount needs (a RoleBinding to a ClusterRole, a
 * ClusterRoleBinding of the ServiceAccount and its ClusterRole), on the real API server; restored in
 * place and into a mapped namespace, whose binding subjects then name the new namespace.
 */
@ExtendWith(ControlPlaneExtension.class)
class RbacRelatedItemsIT {
    private static final String RBAC = ".rbac.authorization.k8s.io";

    @TempDir
    Path dir;

    @Test
    void aNamespacesServiceAccountBringsItsClusterRolesAndBindingsAndAMappedRestoreRebindsTheCopy(KubernetesClient client,
                                                                                                 TestNamespace ns) {
        String n = ns.name();
        List<String> clusterRoles = List.of(n + "-viewer", n + "-reader", n + "-unrelated");
        List<String> clusterBindings = List.of(n + "-app-reader", n + "-other-reader");
        String copy = n + "-copy";
        try {
            create(client, n);
            ObjectStore store = new FilesystemObjectStore(dir);
            BackupRunner backups = new BackupRunner(client, store, EngineOptions.defaults());
            assertThat(backups.run("rbac", spec(n, null), ProgressListener.NONE).phase()).isEqualTo(Phase.Completed);
            assertThat(backups.run("rbac-no-cluster", spec(n, false), ProgressListener.NONE).phase()).isEqualTo(Phase.Completed);
            BackupSpec noBindings = new BackupSpec(List.of(n), null, null, List.of("clusterrolebindings" + RBAC), null, null, null,
                    null, null);
            assertThat(backups.run("rbac-no-bindings", noBindings, ProgressListener.NONE).phase()).isEqualTo(Phase.Completed);

            try (ArchiveReader reader = ArchiveReader.open(store, "rbac")) {
                assertThat(reader.resourceList().get("clusterroles" + RBAC)).containsExactlyInAnyOrder(n + "-viewer", n + "-reader");
                assertThat(reader.resourceList().get("clusterrolebindings" + RBAC)).containsExactly(n + "-app-reader");
            }
            try (ArchiveReader reader = ArchiveReader.open(store, "rbac-no-cluster")) {
                assertThat(reader.resourceList()).as("includeClusterResources: false takes nothing cluster-scoped")
                        .doesNotContainKeys("clusterroles" + RBAC, "clusterrolebindings" + RBAC)
                        .containsKey("rolebindings" + RBAC);
            }

            try (ArchiveReader reader = ArchiveReader.open(store, "rbac-no-bindings")) {
                assertThat(reader.resourceList()).as("excluded bindings, and the ClusterRole only they named, stay out")
                        .doesNotContainKey("clusterrolebindings" + RBAC);
                assertThat(reader.resourceList().get("clusterroles" + RBAC)).containsExactly(n + "-viewer");
            }

            deleteClusterScoped(client, clusterRoles, clusterBindings);
            client.rbac().roleBindings().inNamespace(n).withName("app-view").delete();
            client.serviceAccounts().inNamespace(n).withName("app").delete();
            RestoreRecord inPlace = new RestoreRunner(client, store, EngineOptions.defaults()).run("back", restore(Map.of()),
                    ProgressListener.NONE);

            assertThat(inPlace.outcome().errors()).isEmpty();
            assertThat(client.rbac().clusterRoles().withName(n + "-viewer").get()).isNotNull();
            assertThat(client.rbac().clusterRoles().withName(n + "-reader").get()).isNotNull();
            assertThat(client.rbac().clusterRoles().withName(n + "-unrelated").get()).as("not related, not backed up").isNull();
            assertThat(client.rbac().clusterRoleBindings().withName(n + "-other-reader").get()).isNull();
            assertThat(serviceAccountSubjects(client.rbac().clusterRoleBindings().withName(n + "-app-reader").get()))
                    .containsExactly(n + "/app");
            assertThat(client.rbac().roleBindings().inNamespace(n).withName("app-view").get().getRoleRef().getName())
                    .isEqualTo(n + "-viewer");

            client.rbac().clusterRoleBindings().withName(n + "-app-reader").delete();
            RestoreRecord mapped = new RestoreRunner(client, store, EngineOptions.defaults()).run("to-copy",
                    restore(Map.of(n, copy)), ProgressListener.NONE);

            assertThat(mapped.outcome().errors()).isEmpty();
            assertThat(client.serviceAccounts().inNamespace(copy).withName("app").get()).isNotNull();
            assertThat(serviceAccountSubjects(client.rbac().clusterRoleBindings().withName(n + "-app-reader").get()))
                    .as("the ServiceAccount subject follows the mapping").containsExactly(copy + "/app");
            RoleBinding copied = client.rbac().roleBindings().inNamespace(copy).withName("app-view").get();
            assertThat(copied.getSubjects()).extracting(s -> s.getNamespace() + "/" + s.getName())
                    .containsExactly(copy + "/app", "elsewhere/robot");
        } finally {
            deleteClusterScoped(client, clusterRoles, clusterBindings);
            client.namespaces().withName(copy).delete();
        }
    }

    private static void create(KubernetesClient client, String n) {
        client.serviceAccounts().inNamespace(n).resource(new ServiceAccountBuilder().withNewMetadata().withName("app")
                .endMetadata().build()).create();
        for (String role : List.of(n + "-viewer", n + "-reader", n + "-unrelated")) {
            client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(role).endMetadata()
                    .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "list").endRule().build()).create();
        }
        client.rbac().roleBindings().inNamespace(n).resource(new RoleBindingBuilder().withNewMetadata().withName("app-view")
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", n + "-viewer")
                .addNewSubject().withKind("ServiceAccount").withName("app").withNamespace(n).endSubject()
                .addNewSubject().withKind("ServiceAccount").withName("robot").withNamespace("elsewhere").endSubject()
                .build()).create();
        client.rbac().clusterRoleBindings().resource(binding(n + "-app-reader", n + "-reader", n)).create();
        client.rbac().clusterRoleBindings().resource(binding(n + "-other-reader", n + "-unrelated", "elsewhere")).create();
    }

    private static ClusterRoleBinding binding(String name, String role, String namespace) {
        return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                .addNewSubject().withKind("ServiceAccount").withName("app").withNamespace(namespace).endSubject().build();
    }

    private static List<String> serviceAccountSubjects(ClusterRoleBinding binding) {
        assertThat(binding).as("ClusterRoleBinding restored").isNotNull();
        return binding.getSubjects().stream().filter(s -> s.getKind().equals("ServiceAccount"))
                .map((Subject s) -> s.getNamespace() + "/" + s.getName()).toList();
    }

    private static void deleteClusterScoped(KubernetesClient client, List<String> roles, List<String> bindings) {
        bindings.forEach(b -> client.rbac().clusterRoleBindings().withName(b).delete());
        roles.forEach(r -> client.rbac().clusterRoles().withName(r).delete());
    }

    private static BackupSpec spec(String namespace, Boolean clusterResources) {
        return new BackupSpec(List.of(namespace), null, null, null, clusterResources, null, null, null, null);
    }

    private static RestoreSpec restore(Map<String, String> mapping) {
        return new RestoreSpec("rbac", null, null, null, null, null, null, mapping, false, false, null, null, null);
    }
}

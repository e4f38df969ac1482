package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.archive.ItemKey;
import dev.arca.engine.backup.ItemAction;
import dev.arca.engine.discovery.ResourceType;
import dev.arca.engine.restore.RestoreItemAction;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item actions from a plugin jar in $ARCA_HOME/plugins, compiled at test time, run by the CLI on the
 * real API server: a backup action that brings a ClusterRole a ConfigMap's annotation names, and a
 * restore action that labels every restored ConfigMap and skips one.
 */
@ExtendWith(ControlPlaneExtension.class)
class PluginCliIT {
    private static final String BACKUP_ACTION = """
            package test.plugins;

            public final class RoleOfAnnotation implements dev.arca.engine.backup.ItemAction {
                @Override
                public void act(dev.arca.engine.discovery.ResourceType type, dev.arca.engine.backup.ListedItem item,
                                java.util.function.BiConsumer<String, String> related) {
                    if (type.resource().equals("configmaps")) {
                        String role = item.json().path("metadata").path("annotations").path("plugin.test/cluster-role").asText("");
                        if (!role.isEmpty()) {
                            related.accept("clusterroles.rbac.authorization.k8s.io", role);
                        }
                    }
                }
            }
            """;
    private static final String RESTORE_ACTION = """
            package test.plugins;

            import com.fasterxml.jackson.databind.node.ObjectNode;
            import java.util.Optional;

            public final class LabelConfigMaps implements dev.arca.engine.restore.RestoreItemAction {
                @Override
                public Optional<String> act(dev.arca.archive.ItemKey key, String targetNamespace, ObjectNode item) {
                    if (!key.resource().equals("configmaps")) {
                        return Optional.empty();
                    }
                    if (key.name().equals("scratch")) {
                        return Optional.of("scratch data stays behind");
                    }
                    ((ObjectNode) item.get("metadata")).with("labels").put("restored-by", "plugin");
                    return Optional.empty();
                }
            }
            """;

    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void aPluginJarsBackupActionAddsARelatedClusterRoleAndItsRestoreActionLabelsConfigMaps(LocalControlPlane cluster,
                                                                                          KubernetesClient client,
                                                                                          TestNamespace ns) throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        PluginJars.build(plugins.resolve("test-actions.jar"), work,
                Map.of("test.plugins.RoleOfAnnotation", BACKUP_ACTION, "test.plugins.LabelConfigMaps", RESTORE_ACTION),
                Map.of(ItemAction.class.getName(), List.of("test.plugins.RoleOfAnnotation"),
                        RestoreItemAction.class.getName(), List.of("test.plugins.LabelConfigMaps")),
                ItemAction.class, ResourceType.class, ItemKey.class, ObjectNode.class);
        String role = ns.name() + "-plugin-role";
        try {
            client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(role).endMetadata()
                    .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get").endRule().build()).create();
            for (String name : List.of("settings", "scratch")) {
                client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                        .addToAnnotations("plugin.test/cluster-role", role).endMetadata().addToData("k", "v").build()).create();
            }
            Cli arca = new Cli(home, cluster.kubeconfig());
            Cli.Result backup = arca.run("backup", "create", "b1", "--include-namespaces", ns.name(), "--wait");
            assertThat(backup.code()).as(backup.toString()).isZero();
            client.configMaps().inNamespace(ns.name()).withName("settings").delete();
            client.configMaps().inNamespace(ns.name()).withName("scratch").delete();
            client.rbac().clusterRoles().withName(role).delete();

            Cli.Result restore = arca.run("restore", "create", "r1", "--from-backup", "b1", "--wait");

            assertThat(restore.code()).as(restore.toString()).isZero();
            assertThat(client.rbac().clusterRoles().withName(role).get()).as("the backup action's related ClusterRole").isNotNull();
            ConfigMap settings = client.configMaps().inNamespace(ns.name()).withName("settings").get();
            assertThat(settings.getMetadata().getLabels()).containsEntry("restored-by", "plugin");
            assertThat(client.configMaps().inNamespace(ns.name()).withName("scratch").get()).as("skipped by the action").isNull();
            assertThat(arca.run("restore", "logs", "r1").out())
                    .contains("skipped: skipped by restore item action LabelConfigMaps: scratch data stays behind");
        } finally {
            client.rbac().clusterRoles().withName(role).delete();
        }
    }

    @Test
    void aPluginJarThatDoesNotLoadStopsTheBackupWithAnErrorNamingTheJar(LocalControlPlane cluster) throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Path broken = Files.writeString(plugins.resolve("broken.jar"), "not a jar");

        Cli.Result r = new Cli(home, cluster.kubeconfig()).run("backup", "create", "b1", "--include-namespaces", "default", "--wait");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("plugin jar " + broken + " failed to load").contains("remove it from " + plugins);
    }
}

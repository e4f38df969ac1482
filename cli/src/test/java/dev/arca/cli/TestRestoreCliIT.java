package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ControlPlaneExtension.class)
class TestRestoreCliIT {
    @TempDir
    Path home;

    private static long scratchNamespaces(KubernetesClient client) {
        return client.namespaces().list().getItems().stream().filter(n -> n.getMetadata().getName().contains("-verify-")).count();
    }

    @Test
    void testRestoreRestoresIntoScratchNamespacesComparesAndDeletesThemWhetherItPassesOrFails(
            LocalControlPlane cluster, KubernetesClient admin, TestNamespace ns) throws Exception {
        String n = ns.name();
        DiffCliIT.configMap(admin, n, "settings", "v");
        DiffCliIT.deployment(admin, n, "web", "localhost/web:1");
        Cli arca = new Cli(home, cluster.kubeconfig());
        assertThat(arca.run("backup", "create", "b", "--include-namespaces", n).code()).isZero();

        Cli.Result passed = arca.run("backup", "verify", "b", "--test-restore");
        assertThat(passed.code()).as(passed.toString()).isEqualTo(ExitCode.OK);
        assertThat(passed.out()).as(passed.toString()).contains("backup \"b\" verified")
                .containsPattern("test restore \"b-verify-\\w{5}\" into \\{" + n + "=" + n + "-verify-\\w{5}\\}: Completed")
                .contains("compared with the backup: no differences").contains("scratch namespaces deleted")
                .contains("test restore passed");
        assertThat(scratchNamespaces(admin)).isZero();
        assertThat(admin.configMaps().inNamespace(n).withName("settings").get().getData()).containsEntry("k", "v");

        try (Rbac restorer = Rbac.account(admin, n, "restorer", home, Rbac.core("namespaces", "get,list,create,delete"),
                Rbac.core("configmaps,serviceaccounts,secrets", "get,list"))) {
            Cli.Result failed = new Cli(home, restorer.kubeconfig()).run("backup", "verify", "b", "--test-restore");
            assertThat(failed.code()).as(failed.toString()).isEqualTo(ExitCode.FAILED);
            assertThat(failed.out()).as(failed.toString()).contains(": PartiallyFailed")
                    .containsPattern("error: configmaps " + n + "-verify-\\w{5}/settings: .*forbidden")
                    .contains("scratch namespaces deleted").contains("test restore FAILED");
        }
        assertThat(scratchNamespaces(admin)).as("deleted after a failed test restore too").isZero();
    }
}

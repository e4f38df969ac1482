package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ControlPlaneExtension.class)
class RestoreDryRunCliIT {
    @TempDir
    Path home;

    /** Every file of the location with its size: what a dry run must leave as it is. */
    private List<String> location() throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("backups"))) {
            return files.filter(Files::isRegularFile).map(f -> home.relativize(f) + " " + f.toFile().length()).sorted().toList();
        }
    }

    private static List<String> names(List<? extends HasMetadata> items) {
        return items.stream().map(i -> i.getMetadata().getName()).sorted().toList();
    }

    @Test
    void aDryRunPrintsEachObjectAsItWouldBeAppliedWithTheDifferencesOfThoseThatExistAndWritesNothing(
            LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) throws Exception {
        String n = ns.name();
        DiffCliIT.configMap(client, n, "settings", "v");
        DiffCliIT.deployment(client, n, "web", "localhost/web:1");
        Cli arca = new Cli(home, cluster.kubeconfig());
        assertThat(arca.run("backup", "create", "b", "--include-namespaces", n).code()).isZero();
        client.configMaps().inNamespace(n).withName("settings").edit(c -> new ConfigMapBuilder(c).addToData("k", "w").build());
        List<String> locationBefore = location();

        Cli.Result diff = arca.run("restore", "create", "r1", "--from-backup", "b", "--dry-run", "-o", "diff");
        assertThat(diff.code()).as(diff.toString()).isEqualTo(ExitCode.OK);
        assertThat(diff.out()).as(diff.toString())
                .contains("~ configmaps " + n + "/settings: exists in the cluster and differs from the backup; would be left as it is\n"
                        + "    ~ /data/k: \"w\" -> \"v\"")
                .contains("= deployments.apps " + n + "/web: exists, identical")
                .contains("1 exist and differ (left as they are)").contains("nothing was written");

        Cli.Result update = arca.run("restore", "create", "r2", "--from-backup", "b", "--dry-run", "-o", "diff",
                "--existing-resource-policy", "update");
        assertThat(update.out()).as(update.toString()).contains("~ configmaps " + n + "/settings: would be updated");

        String copy = n + "-copy";
        Cli.Result yaml = arca.run("restore", "create", "r3", "--from-backup", "b", "--dry-run", "--namespace-mappings", n + ":" + copy);
        assertThat(yaml.code()).as(yaml.toString()).isEqualTo(ExitCode.OK);
        assertThat(yaml.out()).as(yaml.toString())
                .contains("---\n# configmaps " + copy + "/settings: would be created\napiVersion: \"v1\"\nkind: \"ConfigMap\"")
                .contains("namespace: \"" + copy + "\"").contains("# namespaces " + copy + ": would be created")
                .doesNotContain("uid:").doesNotContain("resourceVersion").doesNotContain("namespace: \"" + n + "\"");

        assertThat(client.configMaps().inNamespace(n).withName("settings").get().getData()).as("not updated").containsEntry("k", "w");
        // other test classes create and delete namespaces meanwhile: only those of this test are looked at
        assertThat(names(client.namespaces().list().getItems())).as("no namespace created").filteredOn(name -> name.startsWith(n))
                .containsExactly(n);
        assertThat(location()).as("no record, log or lease in the location").isEqualTo(locationBefore);
        assertThat(arca.run("restore", "get").out()).contains("No resources found.");
        Cli.Result server = arca.run("restore", "create", "r4", "--from-backup", "b", "--dry-run", "--server");
        assertThat(server.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(server.err()).contains("has no --dry-run");
    }
}

package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ControlPlaneExtension.class)
class DiffCliIT {
    @TempDir
    Path home;

    static void configMap(KubernetesClient client, String ns, String name, String value) {
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .addToLabels("app", "shop").endMetadata().addToData("k", value).build()).create();
    }

    static void deployment(KubernetesClient client, String ns, String name, String image) {
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    @Test
    void diffsABackupAgainstTheClusterAndAnotherBackupIgnoringStatusAndWhatTheServerSets(
            LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) throws Exception {
        String n = ns.name();
        configMap(client, n, "settings", "v");
        configMap(client, n, "gone", "v");
        deployment(client, n, "web", "localhost/web:1");
        Cli arca = new Cli(home, cluster.kubeconfig());
        assertThat(arca.run("backup", "create", "b1", "--include-namespaces", n).code()).isZero();

        Cli.Result same = arca.run("diff", "b1");
        assertThat(same.code()).as(same.toString()).isEqualTo(ExitCode.OK);
        assertThat(same.out()).contains("no differences").contains("backup \"b1\" against the cluster at");

        client.configMaps().inNamespace(n).withName("settings").edit(c -> new ConfigMapBuilder(c).addToData("k", "w").build());
        client.configMaps().inNamespace(n).withName("gone").delete();
        configMap(client, n, "added", "v");
        client.apps().deployments().inNamespace(n).withName("web").edit(d -> new DeploymentBuilder(d).editSpec().editTemplate()
                .editSpec().editFirstContainer().withImage("localhost/web:2").endContainer().endSpec().endTemplate().endSpec().build());

        Cli.Result live = arca.run("diff", "b1");
        assertThat(live.code()).as(live.toString()).isEqualTo(ExitCode.DIFFERENT);
        assertThat(live.out()).as(live.toString())
                .contains("1 added, 1 removed, 2 changed")
                .contains("+ configmaps " + n + "/added")
                .contains("- configmaps " + n + "/gone")
                .contains("~ configmaps " + n + "/settings\n    ~ /data/k: \"v\" -> \"w\"")
                .contains("~ deployments.apps " + n + "/web\n"
                        + "    ~ /metadata/annotations/deployment.kubernetes.io~1revision: \"1\" -> \"2\"\n"
                        + "    ~ /spec/template/spec/containers/0/image: \"localhost/web:1\" -> \"localhost/web:2\"")
                .doesNotContain("/status").doesNotContain("resourceVersion").doesNotContain("managedFields").doesNotContain("generation");

        assertThat(arca.run("backup", "create", "b2", "--include-namespaces", n).code()).isZero();
        Cli.Result backups = arca.run("diff", "b1", "b2", "-o", "json");
        assertThat(backups.code()).as(backups.toString()).isEqualTo(ExitCode.DIFFERENT);
        JsonNode json = new ObjectMapper().readTree(backups.out());
        assertThat(json.path("changes").findValuesAsText("name")).containsExactly("added", "gone", "settings", "web");
        JsonNode settings = json.path("changes").get(2);
        assertThat(settings.path("kind").asText()).isEqualTo("changed");
        assertThat(settings.path("fields").get(0).path("path").asText()).isEqualTo("/data/k");
        assertThat(settings.path("fields").get(0).path("after").asText()).isEqualTo("w");
        JsonNode web = json.path("changes").get(3);
        assertThat(web.path("fields")).as("generation and status of the Deployment are not differences; its controller's revision is")
                .extracting(f -> f.path("path").asText())
                .containsExactly("/metadata/annotations/deployment.kubernetes.io~1revision", "/spec/template/spec/containers/0/image");

        Cli.Result filtered = arca.run("diff", "b1", "b2", "--include-resources", "configmaps", "-l", "app=shop", "-o", "yaml");
        assertThat(filtered.code()).isEqualTo(ExitCode.DIFFERENT);
        assertThat(filtered.out()).contains("name: \"settings\"").doesNotContain("name: \"web\"");
        assertThat(arca.run("diff", "b2").code()).as("the cluster is as b2 took it").isEqualTo(ExitCode.OK);
        assertThat(arca.run("diff", "b1", "b2", "--exclude-resources", "configmaps,deployments.apps").code()).isEqualTo(ExitCode.OK);

        Cli.Result missing = arca.run("diff", "nope");
        assertThat(missing.code()).as(missing.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(missing.err()).contains("nope");
    }
}

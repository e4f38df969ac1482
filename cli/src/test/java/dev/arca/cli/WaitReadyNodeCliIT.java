package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.kube.WithNode;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Pods run here: --wait-ready returns once the restored Deployment is available and the Job complete. */
@WithNode
@ExtendWith(ControlPlaneExtension.class)
class WaitReadyNodeCliIT {
    static final String DEBIAN = "localhost/debian:bookworm";

    @TempDir
    Path home;

    @Test
    void waitReadyReturnsWhenTheRestoredDeploymentIsAvailableAndTheJobComplete(
            LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) {
        String n = ns.name();
        client.apps().deployments().inNamespace(n).resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                .withTerminationGracePeriodSeconds(1L).addNewContainer().withName("main").withImage(DEBIAN)
                .withImagePullPolicy("Never").withCommand("sleep", "3600").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        client.batch().v1().jobs().inNamespace(n).resource(new JobBuilder().withNewMetadata().withName("once").endMetadata()
                .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage(DEBIAN).withImagePullPolicy("Never").withCommand("true").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            var d = client.apps().deployments().inNamespace(n).withName("web").get();
            return d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas());
        });
        Cli arca = new Cli(home, cluster.kubeconfig());
        Cli.Result backup = arca.run("backup", "create", "b", "--include-namespaces", n);
        assertThat(backup.code()).as(backup.toString()).isZero();
        String copy = n + "-copy";

        Cli.Result restore = arca.run("restore", "create", "r", "--from-backup", "b", "--namespace-mappings", n + ":" + copy,
                "--wait-ready=120s");

        assertThat(restore.code()).as(restore.toString()).isEqualTo(ExitCode.OK);
        assertThat(restore.out()).contains("Errors: <none>");
        assertThat(client.apps().deployments().inNamespace(copy).withName("web").get().getStatus().getAvailableReplicas())
                .as("available when the restore returned").isEqualTo(1);
        assertThat(client.batch().v1().jobs().inNamespace(copy).withName("once").get().getStatus().getSucceeded())
                .as("complete when the restore returned").isEqualTo(1);
        assertThat(arca.run("restore", "logs", "r").out()).contains("2 of 2 restored workloads and claims ready");
        client.namespaces().withName(copy).delete();
    }
}

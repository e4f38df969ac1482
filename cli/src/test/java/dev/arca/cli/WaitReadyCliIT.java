package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The control plane has no node: a Deployment never becomes available, a claim of a missing class never binds. */
@ExtendWith(ControlPlaneExtension.class)
class WaitReadyCliIT {
    @TempDir
    Path home;

    @Test
    void waitReadyReportsEachRestoredWorkloadAndClaimThatNeverBecameReadyWithWhyAndFailsTheRestore(
            LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) {
        String n = ns.name();
        DiffCliIT.deployment(client, n, "web", "localhost/does-not-exist:1");
        client.persistentVolumeClaims().inNamespace(n).resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data")
                .endMetadata().withNewSpec().withStorageClassName("does-not-exist").withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Mi")).endResources().endSpec().build()).create();
        DiffCliIT.configMap(client, n, "settings", "v");
        Cli arca = new Cli(home, cluster.kubeconfig());
        Cli.Result backup = arca.run("backup", "create", "b", "--include-namespaces", n);
        assertThat(backup.code()).as(backup.toString()).isZero();
        String copy = n + "-copy";

        long started = System.nanoTime();
        Cli.Result restore = arca.run("restore", "create", "r", "--from-backup", "b", "--namespace-mappings", n + ":" + copy,
                "--wait-ready=8s");
        long tookSeconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(restore.code()).as(restore.toString()).isEqualTo(ExitCode.PARTIALLY_FAILED);
        assertThat(restore.out()).as(restore.toString()).contains("Errors: 2")
                .containsPattern("deployments.apps " + copy + "/web: not ready after 8s: 0 of 1 replicas available; .*condition")
                .contains("persistentvolumeclaims " + copy + "/data: not ready after 8s: not Bound (phase Pending)")
                .doesNotContain("configmaps " + copy + "/settings: not ready");
        assertThat(tookSeconds).as("the timeout is honoured").isLessThan(60);
        assertThat(client.apps().deployments().inNamespace(copy).withName("web").get()).as("restored all the same").isNotNull();
        assertThat(arca.run("restore", "describe", "r").out()).contains("Phase:        PartiallyFailed")
                .contains("deployments.apps " + copy + "/web: not ready after 8s");

        Cli.Result invalid = arca.run("restore", "create", "r2", "--from-backup", "b", "--wait-ready=soon");
        assertThat(invalid.code()).as(invalid.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(invalid.err()).contains("--wait-ready");
    }
}

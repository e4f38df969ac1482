package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.testkit.ServerSupport;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.kube.WithNode;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arca clone --with-data} in one cluster with a node: the copy runs on a new PV filled from the
 * repository, the original keeps its own, and what is written to one is not in the other (Velero #192, #7146).
 */
@WithNode
@ExtendWith(ControlPlaneExtension.class)
class CloneIT {
    private static final String DEBIAN = "localhost/debian:bookworm";
    @TempDir
    Path home;

    @Test
    void aCloneWithDataRunsOnItsOwnNewVolumeAndWritesToOneCopyLeaveTheOtherUnchanged(LocalControlPlane cluster,
            KubernetesClient client, TestNamespace ns) throws Exception {
        Path data = Files.createTempDirectory("arca-clone-");
        String copy = ns.name() + "-qa";
        String pv = "pv-" + ns.name();
        try {
            Files.writeString(data.resolve("before.txt"), "written before the clone\n");
            app(client, ns.name(), pv, data);
            Pod original = runningPod(client, ns.name());
            Files.writeString(home.resolve("passphrase"), "clone passphrase\n");
            Cli arca = new Cli(home, cluster.kubeconfig());
            assertThat(arca.run("location", "add", "loc", "--dir", home.resolve("location").toString(), "--passphrase-file",
                    home.resolve("passphrase").toString(), "--default").code()).isZero();

            Cli.Result cloned = arca.run("clone", "--namespace", ns.name(), "--to", copy, "--with-data");
            assertThat(cloned.code()).as(cloned.toString()).isZero();
            assertThat(cloned.out()).contains("/data: Restored").contains("Completed; backup \"clone-" + ns.name());
            assertThat(cloned.out()).endsWith("deleted\n");
            assertThat(arca.run("backup", "get").out()).as("the clone's backup is deleted once the copy is Completed")
                    .doesNotContain("clone-" + ns.name());

            Pod clone = runningPod(client, copy);
            String copyPv = client.persistentVolumeClaims().inNamespace(copy).withName("data").get().getSpec().getVolumeName();
            assertThat(copyPv).isNotEqualTo(pv);
            PersistentVolume copyVolume = client.persistentVolumes().withName(copyPv).get();
            assertThat(copyVolume.getSpec().getHostPath().getPath()).isNotEqualTo(data.toString());
            assertThat(client.persistentVolumes().withName(pv).get().getSpec().getClaimRef().getNamespace()).isEqualTo(ns.name());

            assertThat(exec(client, original, "cat /data/before.txt")).isEqualTo("written before the clone\n");
            assertThat(exec(client, clone, "cat /data/before.txt")).isEqualTo("written before the clone\n");
            exec(client, clone, "echo written in the copy > /data/after.txt && echo changed > /data/before.txt");
            assertThat(exec(client, clone, "cat /data/after.txt /data/before.txt")).isEqualTo("written in the copy\nchanged\n");
            assertThat(exec(client, original, "cat /data/before.txt; ls /data")).isEqualTo("written before the clone\nbefore.txt\n");

            Cli.Result again = arca.run("clone", "--namespace", ns.name(), "--to", copy, "--with-data");
            assertThat(again.code()).as(again.toString()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(again.err()).contains("namespace \"" + copy + "\" in the target already holds objects")
                    .contains("--existing-resource-policy update");
            ServerSupport.deleteTree(Path.of(copyVolume.getSpec().getHostPath().getPath()));
        } finally {
            client.namespaces().withName(copy).delete();
            client.namespaces().withName(ns.name()).delete();
            await().atMost(Duration.ofSeconds(120)).until(() -> client.namespaces().withName(copy).get() == null
                    && client.namespaces().withName(ns.name()).get() == null);
            client.persistentVolumes().withName(pv).delete();
            client.persistentVolumes().withName(pv + "-" + copy).delete();
            ServerSupport.deleteTree(data);
        }
    }

    /** A hostPath PV on {@code data}, claim "data" bound to it, and a Deployment whose pod mounts it at /data. */
    private static void app(KubernetesClient client, String ns, String pv, Path data) {
        client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(pv).endMetadata()
                .withNewSpec().addToCapacity("storage", new Quantity("1Gi")).withAccessModes("ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain").withStorageClassName("manual")
                .withNewHostPath().withPath(data.toString()).endHostPath().endSpec().build()).create();
        client.persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data")
                .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("manual").withVolumeName(pv)
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("app").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "app").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "app").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L).addNewContainer().withName("app").withImage(DEBIAN)
                .withImagePullPolicy("Never").withCommand("bash", "-c", "exec sleep 100000")
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim()
                .endVolume().endSpec().endTemplate().endSpec().build()).create();
    }

    private static Pod runningPod(KubernetesClient client, String ns) {
        await().atMost(Duration.ofSeconds(120)).until(() -> client.pods().inNamespace(ns).withLabel("app", "app").list().getItems()
                .stream().anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
        List<Pod> pods = client.pods().inNamespace(ns).withLabel("app", "app").list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())).toList();
        return pods.get(0);
    }

    private static String exec(KubernetesClient client, Pod pod, String script) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch exec = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .writingOutput(out).writingError(err).exec("bash", "-c", script)) {
            assertThat(exec.exitCode().get(60, TimeUnit.SECONDS)).as("exec %s: %s", script, err).isZero();
        }
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(200)).until(() -> true);
        return out.toString(StandardCharsets.UTF_8);
    }
}

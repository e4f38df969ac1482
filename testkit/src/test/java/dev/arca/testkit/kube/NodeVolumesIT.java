package dev.arca.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.testkit.ServerSupport;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pods on the local node read and write a hostPath and a {@code local} PersistentVolume. */
@WithNode
@ExtendWith(ControlPlaneExtension.class)
class NodeVolumesIT {

    private Path root;

    @BeforeEach
    void createRoot() throws IOException {
        root = Files.createTempDirectory("arca-node-volumes-");
    }

    @AfterEach
    void removeRoot() {
        ServerSupport.deleteTree(root);
    }

    @Test
    void aPodReadsAndWritesAHostPathAndALocalVolume(KubernetesClient client, TestNamespace ns) throws IOException {
        Path hostPath = Files.createDirectories(root.resolve("host-path"));
        Path local = Files.createDirectories(root.resolve("local"));
        Files.writeString(hostPath.resolve("seed.txt"), "seeded on the host\n");
        Files.writeString(local.resolve("seed.txt"), "seeded in the local volume\n");
        String suffix = ns.name();
        client.persistentVolumes().resource(volume("hp-" + suffix, ns.name(), "hp")
                .editSpec().withNewHostPath().withPath(hostPath.toString()).withType("Directory").endHostPath().endSpec()
                .build()).create();
        client.persistentVolumes().resource(volume("local-" + suffix, ns.name(), "local")
                .editSpec().withNewLocal().withPath(local.toString()).endLocal()
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues("localhost")
                .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec()
                .build()).create();
        claim(client, ns.name(), "hp", "hp-" + suffix);
        claim(client, ns.name(), "local", "local-" + suffix);
        try {
            Pod pod = new PodBuilder()
                    .withNewMetadata().withName("rw").withNamespace(ns.name()).endMetadata()
                    .withNewSpec().withRestartPolicy("Never")
                    .withContainers(NodeIT.container("rw", "cat /hp/seed.txt /local/seed.txt"
                            + " && echo 'written by the pod' > /hp/from-pod.txt"
                            + " && cat /hp/seed.txt /local/seed.txt > /local/both.txt"))
                    .editFirstContainer()
                    .addNewVolumeMount().withName("hp").withMountPath("/hp").endVolumeMount()
                    .addNewVolumeMount().withName("local").withMountPath("/local").endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("hp").withNewPersistentVolumeClaim().withClaimName("hp").endPersistentVolumeClaim()
                    .endVolume()
                    .addNewVolume().withName("local").withNewPersistentVolumeClaim().withClaimName("local")
                    .endPersistentVolumeClaim().endVolume()
                    .endSpec().build();

            NodeIT.runToCompletion(client, pod);

            assertThat(client.pods().inNamespace(ns.name()).withName("rw").getLog())
                    .contains("seeded on the host", "seeded in the local volume");
            assertThat(Files.readString(hostPath.resolve("from-pod.txt"), StandardCharsets.UTF_8))
                    .isEqualTo("written by the pod\n");
            assertThat(Files.readString(local.resolve("both.txt"), StandardCharsets.UTF_8))
                    .isEqualTo("seeded on the host\nseeded in the local volume\n");
        } finally {
            client.pods().inNamespace(ns.name()).withName("rw").withGracePeriod(0).delete();
            client.persistentVolumes().withName("hp-" + suffix).delete();
            client.persistentVolumes().withName("local-" + suffix).delete();
        }
    }

    private static PersistentVolumeBuilder volume(String name, String namespace, String claim) {
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addToCapacity("storage", new Quantity("1Gi")).withAccessModes("ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain").withStorageClassName("")
                .withNewClaimRef().withNamespace(namespace).withName(claim).endClaimRef()
                .endSpec();
    }

    private static void claim(KubernetesClient client, String namespace, String name, String volume) {
        client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("").withVolumeName(volume)
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                .build()).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> "Bound".equals(
                client.persistentVolumeClaims().inNamespace(namespace).withName(name).get().getStatus().getPhase()));
    }
}

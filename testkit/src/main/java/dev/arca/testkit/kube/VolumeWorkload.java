package dev.arca.testkit.kube;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A pod with data on a hostPath volume: PersistentVolume {@code pv-<ns>} (Retain, class "manual")
 * on a directory of this machine, claim {@code data} bound to it, and a bare pod {@code db}
 * mounting it as volume {@code pgdata}. The pod stays Pending (no kubelet), which is all a backup
 * needs to see which claims it uses.
 */
public final class VolumeWorkload {
    private VolumeWorkload() {
    }

    /** The PV's name for namespace {@code ns}. */
    public static String pvName(String ns) {
        return "pv-" + ns;
    }

    /** Creates the PV, claim and pod, and waits until the claim is Bound. */
    public static void deploy(KubernetesClient client, String ns, Path data, Map<String, String> podAnnotations) {
        client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(pvName(ns)).endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi"))).withAccessModes("ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain").withStorageClassName("manual")
                .withNewHostPath().withPath(data.toString()).endHostPath().endSpec().build()).create();
        client.persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data")
                .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("manual").withVolumeName(pvName(ns))
                .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build()).create();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("db").withAnnotations(podAnnotations)
                .endMetadata().withNewSpec().addNewContainer().withName("db").withImage("postgres:16").addNewVolumeMount()
                .withName("pgdata").withMountPath("/var/lib/postgresql").endVolumeMount().endContainer()
                .addNewVolume().withName("pgdata").withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim()
                .endVolume().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> "Bound".equals(
                client.persistentVolumeClaims().inNamespace(ns).withName("data").get().getStatus().getPhase()));
    }

    /** Deletes the namespace and the PV, and waits until both are gone. */
    public static void destroy(KubernetesClient client, String ns) {
        client.namespaces().withName(ns).delete();
        client.persistentVolumes().withName(pvName(ns)).delete();
        await().atMost(Duration.ofSeconds(120)).until(() -> client.namespaces().withName(ns).get() == null
                && client.persistentVolumes().withName(pvName(ns)).get() == null);
    }
}

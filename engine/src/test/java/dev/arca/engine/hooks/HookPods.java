package dev.arca.engine.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Bare pods of the node's Debian image for the hook tests: one container "app" with an emptyDir at /data. */
final class HookPods {
    static final String DEBIAN = "localhost/debian:bookworm";

    private HookPods() {
    }

    static Pod create(KubernetesClient client, String namespace, String name, Map<String, String> labels,
                      Map<String, String> annotations) {
        return client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("app").withImage(DEBIAN).withImagePullPolicy("Never")
                .withCommand("bash", "-c", "trap 'exit 0' TERM; sleep infinity & wait")
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build()).create();
    }

    static void awaitReady(KubernetesClient client, String namespace, String... names) {
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            for (String name : names) {
                Pod pod = client.pods().inNamespace(namespace).withName(name).get();
                assertThat(pod.getStatus().getContainerStatuses()).as("pod %s", name)
                        .anySatisfy(s -> assertThat(s.getReady()).isTrue());
            }
        });
    }

    /** The output of {@code command} in the pod's container "app". */
    static String exec(KubernetesClient client, String namespace, String pod, String... command) {
        PodExec.Result r = new PodExec(client).run(namespace, pod, "app", List.of(command), Duration.ofSeconds(30));
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r.stdout();
    }
}

package dev.arca.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The control plane the other modules' {@code *IT} tests rely on really behaves like a cluster. */
@ExtendWith(ControlPlaneExtension.class)
class LocalControlPlaneIT {

    private static final Duration CONTROLLER_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aDeploymentGetsAReplicaSetAndPendingPods(KubernetesClient client, TestNamespace ns) {
        Deployment deployment = client.apps().deployments().inNamespace(ns.name()).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("registry.invalid/web:1").endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build()).create();

        await().atMost(CONTROLLER_TIMEOUT).untilAsserted(() -> {
            List<ReplicaSet> sets = client.apps().replicaSets().inNamespace(ns.name()).list().getItems();
            assertThat(sets).singleElement().satisfies(rs -> assertThat(rs.getMetadata().getOwnerReferences())
                    .anySatisfy(owner -> assertThat(owner.getUid()).isEqualTo(deployment.getMetadata().getUid())));
        });
        await().atMost(CONTROLLER_TIMEOUT).untilAsserted(() -> {
            List<Pod> pods = client.pods().inNamespace(ns.name()).withLabel("app", "web").list().getItems();
            assertThat(pods).hasSize(2).allSatisfy(pod -> assertThat(pod.getStatus().getPhase()).isEqualTo("Pending"));
        });
    }

    @Test
    void aDeletedNamespaceFinishesTerminating(KubernetesClient client) {
        String name = TestNamespace.random().name();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        client.configMaps().inNamespace(name).resource(configMap("content", Map.of())).create();

        client.namespaces().withName(name).delete();

        await().atMost(CONTROLLER_TIMEOUT).untilAsserted(
                () -> assertThat(client.namespaces().withName(name).get()).isNull());
    }

    @Test
    void serverSideApplyCreatesThenUpdatesWithItsFieldManager(KubernetesClient client, TestNamespace ns) {
        ConfigMap first = client.configMaps().inNamespace(ns.name())
                .resource(configMap("applied", Map.of("color", "blue")))
                .fieldManager("arca-it").forceConflicts().serverSideApply();
        ConfigMap second = client.configMaps().inNamespace(ns.name())
                .resource(configMap("applied", Map.of("color", "green")))
                .fieldManager("arca-it").forceConflicts().serverSideApply();

        assertThat(first.getData()).containsEntry("color", "blue");
        assertThat(second.getData()).containsExactlyEntriesOf(Map.of("color", "green"));
        assertThat(second.getMetadata().getManagedFields())
                .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("arca-it"));
        assertThat(second.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
    }

    @Test
    void listingWithALimitFollowsContinueTokensToEveryItem(KubernetesClient client, TestNamespace ns) {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String name = String.format("page-%02d", i);
            client.configMaps().inNamespace(ns.name()).resource(configMap(name, Map.of())).create();
            created.add(name);
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            ConfigMapList page = client.configMaps().inNamespace(ns.name())
                    .list(new ListOptionsBuilder().withLimit(10L).withContinue(token).build());
            page.getItems().forEach(cm -> seen.add(cm.getMetadata().getName()));
            pageSizes.add(page.getItems().size());
            token = page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty() && pageSizes.size() < 10);

        // the namespace also holds kube-root-ca.crt, published by the controller-manager
        assertThat(pageSizes).hasSizeGreaterThanOrEqualTo(3).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(10));
        assertThat(seen).doesNotHaveDuplicates().filteredOn(name -> name.startsWith("page-"))
                .containsExactlyElementsOf(created);
    }

    @Test
    void eachTestGetsItsOwnActiveNamespace(LocalControlPlane plane, TestNamespace ns, TestNamespace same) {
        assertThat(same).isEqualTo(ns);
        assertThat(plane.client().namespaces().withName(ns.name()).get().getStatus().getPhase()).isEqualTo("Active");
        assertThat(plane.apiServerUrl()).startsWith("https://127.0.0.1:");
        assertThat(plane.kubeconfig()).isRegularFile();
    }

    private static ConfigMap configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withData(data)
                .build();
    }
}

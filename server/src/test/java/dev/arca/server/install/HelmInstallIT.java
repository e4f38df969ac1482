package dev.arca.server.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.arca.server.resources.Crds;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code helm install} of charts/arca (real Helm, as a library) on a real control plane creates
 * every object {@code arca install} would, CRDs included, with the same content where the chart
 * sets it. No node: the pod stays Pending, which is the lead engineer's node test to take further.
 */
@ExtendWith(ControlPlaneExtension.class)
class HelmInstallIT {

    @Test
    void helmInstallCreatesEveryObjectOfAnArcaInstall(LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) {
        Release release = new Helm(Chart.dir()).install().withName("arca").withNamespace(ns.name())
                .withKubeConfig(cluster.kubeconfig()).call();
        try {
            assertThat(release.getStatus()).isEqualTo("deployed");
            for (String plural : Crds.PLURALS) {
                assertThat(client.apiextensions().v1().customResourceDefinitions().withName(plural + ".arca.dev").get())
                        .as(plural).isNotNull();
            }
            List<HasMetadata> expected = InstallManifests.server(InstallOptions.defaults().withNamespace(ns.name()));
            for (HasMetadata object : expected) {
                HasMetadata live = client.resource(object).get();
                assertThat(live).as(object.getKind() + " " + object.getMetadata().getName()).isNotNull();
                assertThat(live.getMetadata().getLabels()).as(object.getKind()).containsAllEntriesOf(InstallManifests.labels());
            }
            var container = client.apps().deployments().inNamespace(ns.name()).withName("arca-server").get().getSpec()
                    .getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getArgs()).containsExactly("server", "--metrics-address", ":8085", "--namespace", ns.name());
        } finally {
            Helm.uninstall("arca").withNamespace(ns.name()).withKubeConfig(cluster.kubeconfig()).call();
        }
    }
}

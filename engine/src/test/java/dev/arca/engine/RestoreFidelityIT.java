package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.BackupManifest;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.restore.ItemOutcome;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a restore gives back beyond the spec: status where asked, and a clean run over a live cluster. */
@ExtendWith(ControlPlaneExtension.class)
class RestoreFidelityIT {
    @TempDir
    Path dir;

    @Test
    void restoreStatusWritesTheStatusOfACustomResourceWhoseTypeHasAStatusSubresource(KubernetesClient client, TestNamespace ns) {
        String group = ns.name() + ".status.arca.test";
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("gauges." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope("Namespaced")
                .withNewNames().withKind("Gauge").withPlural("gauges").withSingular("gauge").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
                        .withXKubernetesPreserveUnknownFields(true).build()).endSchema()
                .endVersion().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> SampleApp.established(client, "gauges." + group));
        ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder().withGroup(group).withVersion("v1")
                .withKind("Gauge").withPlural("gauges").withNamespaced(true).build();
        var gauges = client.genericKubernetesResources(ctx).inNamespace(ns.name());
        GenericKubernetesResource gauge = new GenericKubernetesResource();
        gauge.setApiVersion(group + "/v1");
        gauge.setKind("Gauge");
        gauge.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("g").build());
        gauge.setAdditionalProperty("spec", Map.of("max", 10));
        GenericKubernetesResource created = gauges.resource(gauge).create();
        created.setAdditionalProperty("status", Map.of("level", 7, "phase", "Measuring"));
        gauges.resource(created).updateStatus();
        ObjectStore store = new FilesystemObjectStore(dir);
        try {
            BackupManifest backup = new BackupRunner(client, store, EngineOptions.defaults()).run("gauge",
                    new BackupSpec(List.of(ns.name()), null, null, null, null, null, null, null, null), ProgressListener.NONE);
            assertThat(backup.phase()).isEqualTo(Phase.Completed);

            for (boolean restoreStatus : new boolean[] {false, true}) {
                gauges.withName("g").delete();
                await().atMost(Duration.ofSeconds(30)).until(() -> gauges.withName("g").get() == null);
                RestoreSpec spec = new RestoreSpec("gauge", null, null, List.of("gauges." + group), null, null, null, Map.of(),
                        restoreStatus, false, null, null);
                RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults())
                        .run("gauge-" + restoreStatus, spec, ProgressListener.NONE);

                assertThat(record.phase()).as("%s", record.outcome()).isEqualTo(Phase.Completed);
                assertThat(record.count(ItemOutcome.created)).isEqualTo(1);
                Object status = gauges.withName("g").get().getAdditionalProperties().get("status");
                if (restoreStatus) {
                    assertThat(status).isEqualTo(Map.of("level", 7, "phase", "Measuring"));
                } else {
                    assertThat(status).as("a create drops status for a type with the subresource").isNull();
                }
            }
        } finally {
            client.apiextensions().v1().customResourceDefinitions().withName("gauges." + group).delete();
        }
    }

    @Test
    void aWholeClusterRestoredIntoTheSameLiveClusterCompletesWithoutErrors() {
        try (LocalControlPlane fresh = LocalControlPlane.start()) {
            KubernetesClient client = fresh.client();
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName("shop").endMetadata().build()).create();
            SampleApp.deploy(client, "shop");
            // a control plane just started labels its APIServices as automanaged a little later (seconds, under
            // load); the restore skips exactly those, so the backup is taken once all of them carry the label
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> client.genericKubernetesResources(
                    "apiregistration.k8s.io/v1", "APIService").list().getItems().stream()
                    .allMatch(a -> a.getMetadata().getLabels() != null
                            && a.getMetadata().getLabels().containsKey("kube-aggregator.kubernetes.io/automanaged")));
            ObjectStore store = new FilesystemObjectStore(dir);
            BackupManifest backup = new BackupRunner(client, store, EngineOptions.defaults()).run("everything",
                    new BackupSpec(null, null, null, null, null, null, null, null, null), ProgressListener.NONE);
            assertThat(backup.phase()).as("%s", backup.outcome()).isEqualTo(Phase.Completed);
            assertThat(backup.counts()).containsKey("apiservices.apiregistration.k8s.io");

            RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults())
                    .run("everything-again", new RestoreSpec("everything", null, null, null, null, null, null, Map.of(), false, false,
                            null, null), ProgressListener.NONE);

            assertThat(record.outcome().errors()).isEmpty();
            assertThat(record.phase()).isEqualTo(Phase.Completed);
            assertThat(record.count(ItemOutcome.failed)).isZero();
            assertThat(record.count(ItemOutcome.skipped)).as("automanaged APIServices among the skipped")
                    .isGreaterThanOrEqualTo(backup.counts().get("apiservices.apiregistration.k8s.io"));
        }
    }
}

package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupSpec;
import dev.arca.api.ExistingResourcePolicy;
import dev.arca.api.Phase;
import dev.arca.api.Problem;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.restore.ItemOutcome;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRecords;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ControlPlaneExtension.class)
class BackupRestoreIT {
    @TempDir
    Path dir;

    private static BackupSpec namespace(String ns) {
        return new BackupSpec(List.of(ns), null, null, null, null, null, null, null, null);
    }

    private static RestoreSpec restore(String backup, Map<String, String> mapping, ExistingResourcePolicy policy) {
        return new RestoreSpec(backup, null, null, null, null, null, null, mapping, false, false, policy, null);
    }

    @Test
    void restoresAWholeApplicationAfterItsNamespaceIsGone(KubernetesClient client, TestNamespace ns) throws Exception {
        SampleApp.deploy(client, ns.name());
        Map<String, JsonNode> before = SampleApp.snapshot(client, ns.name(), ns.name());
        assertThat(before.remove("configmaps/scratch")).as("labelled arca.dev/exclude-from-backup").isNotNull();
        Map<String, JsonNode> clusterBefore = SampleApp.clusterSnapshot(client, ns.name());
        ObjectStore store = new FilesystemObjectStore(dir);

        BackupManifest manifest = new BackupRunner(client, store, EngineOptions.defaults()).run("shop-1", namespace(ns.name()), ProgressListener.NONE);

        assertThat(manifest.phase()).isEqualTo(Phase.Completed);
        assertThat(manifest.counts()).containsKeys("persistentvolumes", "customresourcedefinitions.apiextensions.k8s.io",
                "namespaces", "widgets." + ns.name() + ".arca.test", "cronjobs.batch", "ingresses.networking.k8s.io", "replicasets.apps");
        assertThat(manifest.counts()).doesNotContainKeys("events", "nodes", "ingresses.extensions");
        try (ArchiveReader reader = ArchiveReader.open(store, "shop-1")) {
            assertThat(reader.resourceList().get("configmaps")).contains(ns.name() + "/settings").doesNotContain(ns.name() + "/scratch");
        }

        SampleApp.destroy(client, ns.name());
        RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults())
                .run("r1", restore("shop-1", null, null), ProgressListener.NONE);

        assertThat(record.phase()).as("errors: %s", record.outcome().errors()).isEqualTo(Phase.Completed);
        assertThat(record.count(ItemOutcome.skipped)).as("ReplicaSets and Pods made by controllers").isGreaterThanOrEqualTo(3);
        assertThat(record.count(ItemOutcome.failed)).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(SampleApp.snapshot(client, ns.name(), ns.name())).isEqualTo(before);
            assertThat(SampleApp.clusterSnapshot(client, ns.name())).isEqualTo(clusterBefore);
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> "Bound".equals(
                client.persistentVolumeClaims().inNamespace(ns.name()).withName("data").get().getStatus().getPhase()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !client.apps().replicaSets().inNamespace(ns.name()).list().getItems().isEmpty());
        assertThat(client.configMaps().inNamespace(ns.name()).withName("scratch").get()).as("excluded by label").isNull();
        try (InputStream log = RestoreRecords.log(store, "r1")) {
            String text = new String(log.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).contains("\"name\":\"settings\"").doesNotContain("s3cr3t-value");
        }
    }

    @Test
    void aReleasedVolumeLeftBehindByItsNamespaceBindsToTheRestoredClaim(KubernetesClient client, TestNamespace ns) {
        SampleApp.deploy(client, ns.name());
        ObjectStore store = new FilesystemObjectStore(dir);
        new BackupRunner(client, store, EngineOptions.defaults()).run("vol", namespace(ns.name()), ProgressListener.NONE);
        client.namespaces().withName(ns.name()).delete();
        await().atMost(Duration.ofSeconds(120)).until(() -> client.namespaces().withName(ns.name()).get() == null
                && "Released".equals(client.persistentVolumes().withName(SampleApp.pvName(ns.name())).get().getStatus().getPhase()));

        RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults())
                .run("vol-r", restore("vol", null, null), ProgressListener.NONE);

        assertThat(record.count(ItemOutcome.failed)).as("errors: %s", record.outcome().errors()).isZero();
        assertThat(record.count(ItemOutcome.updated)).as("the released volume").isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> "Bound".equals(
                client.persistentVolumeClaims().inNamespace(ns.name()).withName("data").get().getStatus().getPhase()));
        client.persistentVolumes().withName(SampleApp.pvName(ns.name())).delete();
        client.apiextensions().v1().customResourceDefinitions().withName(SampleApp.crdName(ns.name())).delete();
    }

    @Test
    void namespaceMappingRestoresACopyBesideTheOriginal(KubernetesClient client, TestNamespace ns) {
        SampleApp.deploy(client, ns.name());
        ObjectStore store = new FilesystemObjectStore(dir);
        new BackupRunner(client, store, EngineOptions.defaults()).run("shop", namespace(ns.name()), ProgressListener.NONE);
        String copy = ns.name() + "-copy";
        try {
            RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults())
                    .run("copy", restore("shop", Map.of(ns.name(), copy), null), ProgressListener.NONE);

            assertThat(record.count(ItemOutcome.failed)).as("errors: %s", record.outcome().errors()).isZero();
            Map<String, JsonNode> original = SampleApp.snapshot(client, ns.name(), ns.name());
            Map<String, JsonNode> copied = SampleApp.snapshot(client, copy, ns.name());
            original.remove("persistentvolumeclaims/data"); // the PV is bound to the original claim
            original.remove("configmaps/scratch"); // excluded from the backup by its label
            copied.remove("persistentvolumeclaims/data");
            assertThat(copied).isEqualTo(original);
            assertThat(client.rbac().roleBindings().inNamespace(copy).withName("shop-reads").get().getSubjects().get(0).getNamespace())
                    .isEqualTo(copy);
            assertThat(record.count(ItemOutcome.existsIdentical)).as("the CRD is shared and unchanged").isPositive();
        } finally {
            client.namespaces().withName(copy).delete();
        }
    }

    @Test
    void existingResourcesAreReportedUnderPolicyNoneAndOverwrittenUnderUpdate(KubernetesClient client, TestNamespace ns) {
        SampleApp.deploy(client, ns.name());
        ObjectStore store = new FilesystemObjectStore(dir);
        new BackupRunner(client, store, EngineOptions.defaults()).run("before-edit", namespace(ns.name()), ProgressListener.NONE);
        client.configMaps().inNamespace(ns.name()).withName("settings").edit(c -> {
            c.getData().put("greeting", "changed");
            return c;
        });

        RestoreRecord none = new RestoreRunner(client, store, EngineOptions.defaults())
                .run("keep", restore("before-edit", null, ExistingResourcePolicy.none), ProgressListener.NONE);

        assertThat(none.count(ItemOutcome.existsDiffers)).isPositive();
        assertThat(none.count(ItemOutcome.existsIdentical)).isPositive();
        assertThat(none.count(ItemOutcome.created)).isZero();
        assertThat(none.outcome().warnings()).anyMatch(p -> "settings".equals(p.name()) && p.message().contains("differs"));
        assertThat(none.outcome().warnings()).noneMatch(p -> "credentials".equals(p.name()));
        assertThat(client.configMaps().inNamespace(ns.name()).withName("settings").get().getData()).containsEntry("greeting", "changed");

        RestoreRecord update = new RestoreRunner(client, store, EngineOptions.defaults())
                .run("overwrite", restore("before-edit", null, ExistingResourcePolicy.update), ProgressListener.NONE);

        assertThat(update.count(ItemOutcome.updated)).isPositive();
        assertThat(update.count(ItemOutcome.failed)).as("errors: %s", update.outcome().errors()).isZero();
        assertThat(client.configMaps().inNamespace(ns.name()).withName("settings").get().getData()).containsEntry("greeting", "hello");
    }

    @Test
    void filtersAtBackupAndRestoreChooseWhatIsIn(KubernetesClient client, TestNamespace ns) {
        SampleApp.deploy(client, ns.name());
        ObjectStore store = new FilesystemObjectStore(dir);
        BackupSpec some = new BackupSpec(List.of(ns.name()), null, List.of("configmaps", "Secret", "widgets"), null, null,
                "app=shop", null, null, null);
        BackupManifest manifest = new BackupRunner(client, store, EngineOptions.defaults()).run("some", some, ProgressListener.NONE);

        assertThat(manifest.counts()).containsOnlyKeys("configmaps", "secrets", "widgets." + ns.name() + ".arca.test",
                "customresourcedefinitions.apiextensions.k8s.io", "namespaces");
        assertThat(manifest.counts().get("configmaps")).as("only the labelled one").isEqualTo(1L);
        assertThat(manifest.outcome().warnings()).as("every include selected something").isEmpty();

        BackupSpec typos = new BackupSpec(List.of(ns.name(), ns.name() + "-typo"), null, List.of("configmaps", "cofigmaps"), null,
                null, null, null, null, null);
        BackupManifest typed = new BackupRunner(client, store, EngineOptions.defaults()).run("typos", typos, ProgressListener.NONE);
        assertThat(typed.phase()).isEqualTo(Phase.Completed);
        assertThat(typed.counts().get("configmaps")).as("what the includes do match is backed up: the app's two, and"
                + " kube-root-ca.crt once the controller-manager has published it").isGreaterThanOrEqualTo(2L);
        assertThat(typed.outcome().warnings()).extracting(Problem::message).containsExactly(
                "--include-namespaces \"" + ns.name() + "-typo\" matches no namespace in the cluster; 'kubectl get namespaces' lists them",
                "--include-resources \"cofigmaps\" matches no resource type the cluster serves; 'kubectl api-resources' lists them");

        BackupSpec noCluster = new BackupSpec(List.of(ns.name()), null, List.of("widgets"), null, false, null, null, null, null);
        assertThat(new BackupRunner(client, store, EngineOptions.defaults()).run("no-cluster", noCluster, ProgressListener.NONE).counts())
                .as("no CRD when cluster resources are off").containsOnlyKeys("widgets." + ns.name() + ".arca.test", "namespaces");

        String target = ns.name() + "-f";
        try {
            RestoreSpec onlyConfig = new RestoreSpec("some", null, null, null, List.of("secrets"), null, null,
                    Map.of(ns.name(), target), false, false, null, null);
            RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults()).run("f", onlyConfig, ProgressListener.NONE);
            assertThat(record.count(ItemOutcome.failed)).as("errors: %s", record.outcome().errors()).isZero();
            assertThat(client.configMaps().inNamespace(target).withName("settings").get()).isNotNull();
            assertThat(client.secrets().inNamespace(target).withName("credentials").get()).isNull();
            assertThat(record.outcome().warnings()).as("the mapping's source is in the backup").isEmpty();

            RestoreSpec typo = new RestoreSpec("some", List.of(ns.name() + "-typo"), null, null, null, null, null,
                    Map.of(ns.name() + "-typo", target), false, false, null, null);
            RestoreRecord nothing = new RestoreRunner(client, store, EngineOptions.defaults()).run("typo", typo, ProgressListener.NONE);
            assertThat(nothing.outcome().warnings()).extracting(Problem::message).containsExactly(
                    "--include-namespaces \"" + ns.name() + "-typo\" matches no namespace in backup \"some\"; it holds " + ns.name(),
                    "--namespace-mappings source \"" + ns.name() + "-typo\" is not a namespace in backup \"some\"; it holds "
                            + ns.name());
            assertThat(nothing.count(ItemOutcome.created)).as("nothing namespaced was selected").isZero();
        } finally {
            client.namespaces().withName(target).delete();
        }
    }

    @Test
    void aFlippedByteOrATruncatedArchiveIsRefusedBeforeAnythingIsApplied(KubernetesClient client, TestNamespace ns) throws Exception {
        client.configMaps().inNamespace(ns.name()).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("c").endMetadata().addToData("k", "v").build()).create();
        FilesystemObjectStore store = new FilesystemObjectStore(dir);
        new BackupRunner(client, store, EngineOptions.defaults()).run("b", namespace(ns.name()), ProgressListener.NONE);
        Path tar = dir.resolve(LocationLayout.resourcesKey("b"));
        byte[] bytes = java.nio.file.Files.readAllBytes(tar);
        bytes[bytes.length / 2] ^= 0x01;
        java.nio.file.Files.write(tar, bytes);
        String target = ns.name() + "-x";

        assertThatThrownBy(() -> new RestoreRunner(client, store, EngineOptions.defaults())
                .run("x", restore("b", Map.of(ns.name(), target), null), ProgressListener.NONE))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("resources.tar.zst");
        assertThat(client.namespaces().withName(target).get()).as("nothing applied").isNull();
        assertThat(RestoreRecords.read(store, "x").phase()).isEqualTo(Phase.Failed);

        java.nio.file.Files.write(tar, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> new RestoreRunner(client, store, EngineOptions.defaults())
                .run("y", restore("b", Map.of(ns.name(), target), null), ProgressListener.NONE))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("truncated");
        assertThat(client.namespaces().withName(target).get()).as("nothing applied").isNull();
    }
}

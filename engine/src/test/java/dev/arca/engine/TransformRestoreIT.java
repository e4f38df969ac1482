package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.api.Problem;
import dev.arca.api.RestoreSpec;
import dev.arca.api.RestoreTransforms;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRecords;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.engine.transform.TransformReport;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A namespace restored into a copy with a resource-modifier file, an image map and a storage-class
 * map, on the real API server: the live objects carry the changes, the record counts them, and a
 * rule that matched nothing is a warning naming it.
 */
@ExtendWith(ControlPlaneExtension.class)
class TransformRestoreIT {
    private static final String MODIFIERS = """
            version: v1
            resourceModifierRules:
            - conditions:
                groupResource: deployments.apps
                namespaces: [%1$s]
              patches:
              - {operation: test, path: /spec/replicas, value: "3"}
              - {operation: replace, path: /spec/replicas, value: "1"}
              - {operation: add, path: /spec/template/spec/containers/*/imagePullPolicy, value: IfNotPresent}
              strategicPatches:
              - patchData: |
                  spec:
                    template:
                      spec:
                        containers:
                        - name: sidecar
                          $patch: delete
            - conditions:
                groupResource: configmaps
                resourceNameRegex: "^settings$"
              mergePatches:
              - patchData: '{"data": {"mode": "qa", "debug": null}}'
            - conditions:
                groupResource: secrets
                resourceNameRegex: "^no-such-secret$"
              patches: [{operation: remove, path: /data}]
            """;

    @TempDir
    Path dir;

    @Test
    void aMappedRestoreAppliesMappersAndModifiersAndWarnsAboutARuleThatMatchedNothing(KubernetesClient client, TestNamespace ns) {
        deploy(client, ns.name());
        ObjectStore store = new FilesystemObjectStore(dir);
        new BackupRunner(client, store, EngineOptions.defaults()).run("app", new BackupSpec(List.of(ns.name()), null, null, null,
                null, null, null, null, null), ProgressListener.NONE);
        String qa = ns.name() + "-qa";
        RestoreTransforms transforms = new RestoreTransforms(MODIFIERS.formatted(ns.name()), "file modifiers.yaml",
                Map.of("standard", "fast"), List.of("registry.prod:5000=registry.qa.local"));
        try {
            RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults()).run("to-qa", new RestoreSpec("app",
                    null, null, null, null, null, null, Map.of(ns.name(), qa), false, false, null, null, null).withTransforms(transforms),
                    ProgressListener.NONE);

            assertThat(record.outcome().errors()).isEmpty();
            Deployment web = client.apps().deployments().inNamespace(qa).withName("web").get();
            assertThat(web.getSpec().getReplicas()).isEqualTo(1);
            assertThat(web.getSpec().getTemplate().getSpec().getContainers()).singleElement().satisfies(c -> {
                assertThat(c.getImage()).isEqualTo("registry.qa.local/shop/web:1.2");
                assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
            });
            assertThat(web.getSpec().getTemplate().getSpec().getInitContainers().get(0).getImage())
                    .isEqualTo("registry.qa.local/shop/migrate@sha256:" + "a".repeat(64));
            StatefulSet db = client.apps().statefulSets().inNamespace(qa).withName("db").get();
            assertThat(db.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("docker.io/library/postgres:15");
            assertThat(db.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName()).isEqualTo("fast");
            assertThat(client.persistentVolumeClaims().inNamespace(qa).withName("uploads").get().getSpec().getStorageClassName())
                    .isEqualTo("fast");
            ConfigMap settings = client.configMaps().inNamespace(qa).withName("settings").get();
            assertThat(settings.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("mode", "qa", "color", "blue"));
            assertThat(client.apps().deployments().inNamespace(ns.name()).withName("web").get().getSpec().getReplicas())
                    .as("the original is untouched").isEqualTo(3);

            // the StatefulSet, PVC uploads and the claim data-db-0 the StatefulSet controller made before the backup
            assertThat(record.transforms()).containsExactly(
                    new TransformReport("storage-class map standard=fast", 3, 3),
                    new TransformReport("image map registry.prod:5000=registry.qa.local", 1, 1),
                    new TransformReport("resource modifier rule 1 (deployments.apps)", 1, 1),
                    new TransformReport("resource modifier rule 2 (configmaps)", 1, 1),
                    new TransformReport("resource modifier rule 3 (secrets)", 0, 0));
            assertThat(record.outcome().warnings()).extracting(Problem::message)
                    .contains("resource modifier rule 3 (secrets) matched no item; check its conditions");
            assertThat(RestoreRecords.read(store, "to-qa").transforms()).isEqualTo(record.transforms());
        } finally {
            client.namespaces().withName(qa).delete();
        }
    }

    @Test
    void aRuleThatDoesNotCompileStopsTheRestoreBeforeAnythingIsApplied(KubernetesClient client, TestNamespace ns) {
        deploy(client, ns.name());
        ObjectStore store = new FilesystemObjectStore(dir);
        new BackupRunner(client, store, EngineOptions.defaults()).run("app", new BackupSpec(List.of(ns.name()), null, null, null,
                null, null, null, null, null), ProgressListener.NONE);
        String qa = ns.name() + "-bad";
        String bad = "version: v1\nresourceModifierRules:\n- conditions: {groupResource: configmaps}\n"
                + "  patches: [{operation: remove, path: /data/color}]\n"
                + "- conditions: {groupResource: pods, resourceNameRegex: 'web-(['}\n  patches: [{operation: remove, path: /spec}]\n";
        RestoreSpec spec = new RestoreSpec("app", null, null, null, null, null, null, Map.of(ns.name(), qa), false, false, null,
                null, null).withTransforms(new RestoreTransforms(bad, "file bad.yaml", null, null));

        assertThatThrownBy(() -> new RestoreRunner(client, store, EngineOptions.defaults()).run("bad", spec, ProgressListener.NONE))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("file bad.yaml, rule 2 (line 5)").hasMessageContaining("does not compile");
        assertThat(client.namespaces().withName(qa).get()).as("nothing restored").isNull();
        assertThat(store.exists(LocationLayout.restoreKey("bad"))).as("no record of a restore that never started").isFalse();
    }

    private static void deploy(KubernetesClient client, String ns) {
        String digest = "a".repeat(64);
        client.resource("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: {app: web}}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      initContainers: [{name: migrate, image: "registry.prod:5000/shop/migrate@sha256:%s"}]
                      containers:
                      - {name: web, image: "registry.prod:5000/shop/web:1.2"}
                      - {name: sidecar, image: "registry.prod:5000/shop/log:1"}
                """.formatted(digest)).inNamespace(ns).create();
        client.resource("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  serviceName: db
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      containers: [{name: db, image: "docker.io/library/postgres:15"}]
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec:
                      accessModes: [ReadWriteOnce]
                      storageClassName: standard
                      resources: {requests: {storage: 1Gi}}
                """).inNamespace(ns).create();
        client.resource("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: uploads}
                spec:
                  accessModes: [ReadWriteOnce]
                  storageClassName: standard
                  resources: {requests: {storage: 1Gi}}
                """).inNamespace(ns).create();
        client.resource("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {mode: prod, debug: "true", color: blue}
                """).inNamespace(ns).create();
    }
}

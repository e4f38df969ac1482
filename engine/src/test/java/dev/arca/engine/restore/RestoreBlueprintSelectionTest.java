package dev.arca.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveJson;
import dev.arca.archive.ArchiveWriter;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.ItemKey;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.ScriptedApi;
import dev.arca.engine.ScriptedApi.Answer;
import dev.arca.engine.blueprint.BlueprintAction;
import dev.arca.engine.blueprint.BlueprintArtifact;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which workloads a restore feeds the backup's blueprint data to: only those it restored itself. */
class RestoreBlueprintSelectionTest {
    private static final String PODS = "GET /api/v1/namespaces/shop/pods";
    private static final String CONFIG_MAP = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\","
            + "\"namespace\":\"shop\",\"uid\":\"u-1\"},\"data\":{\"mode\":\"qa\"}}";
    private static final String DEPLOYMENT = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"db\","
            + "\"namespace\":\"shop\",\"uid\":\"u-2\"},\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"db\"}},\"template\":"
            + "{\"metadata\":{\"labels\":{\"app\":\"db\"}},\"spec\":{\"containers\":[{\"name\":\"pg\",\"image\":\"postgres:15\"}]}}}}";

    @TempDir
    Path dir;
    ObjectStore store;

    @BeforeEach
    void backupWithADatabaseDump() throws Exception {
        store = new FilesystemObjectStore(dir.resolve("location"));
        BlueprintArtifact dump = new BlueprintArtifact("shop", "Deployment/db", "db-5d9f-abcde", "pg", "postgresql", "backup",
                Map.of(), BlueprintArtifact.Status.BackedUp, "0123abcd", 42L, 0, null,
                new BlueprintAction("pg", List.of("pg_restore", "--clean", "-d", "postgres"), null));
        try (ArchiveWriter writer = ArchiveWriter.create(store, "nightly")) {
            writer.add(ItemKey.namespaced("configmaps", "shop", "settings"), CONFIG_MAP.getBytes(StandardCharsets.UTF_8));
            writer.add(ItemKey.namespaced("deployments.apps", "shop", "db"), DEPLOYMENT.getBytes(StandardCharsets.UTF_8));
            writer.addFile(BlueprintArtifact.FILE, ArchiveJson.mapper().writeValueAsBytes(List.of(dump)));
            writer.finish(BackupManifest.draft("nightly", BackupSpec.everything(), Instant.parse("2026-12-01T02:00:00Z"))
                    .withPhase(Phase.Completed).withClusterVersion("v1.20.2"));
        }
    }

    private static ScriptedApi api() {
        return new ScriptedApi()
                .on("GET", "/version", new Answer(200, "{\"major\":\"1\",\"minor\":\"20\",\"gitVersion\":\"v1.20.2\"}"))
                .on("GET", "/api/v1/namespaces/shop", new Answer(200, "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                        + "\"metadata\":{\"name\":\"shop\"},\"status\":{\"phase\":\"Active\"}}"))
                .on("POST", "/api/v1/namespaces/shop/configmaps", new Answer(201, CONFIG_MAP))
                .on("POST", "/apis/apps/v1/namespaces/shop/deployments", new Answer(201, DEPLOYMENT))
                .on("GET", "/api/v1/namespaces/shop/pods", Answer.status(500, "etcdserver: request timed out"));
    }

    private static RestoreSpec spec(List<String> includedResources) {
        return new RestoreSpec("nightly", null, null, includedResources, null, null, null, null, false, false, null, null);
    }

    @Test
    void aRestoreWhoseFiltersLeaveTheWorkloadOutFeedsNoDumpToTheLiveWorkloadOfThatName() {
        try (ScriptedApi api = api(); KubernetesClient client = api.client()) {
            RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults())
                    .run("configs-only", spec(List.of("configmaps")), ProgressListener.NONE);

            assertThat(api.requests).as("the restore looked for a pod of the live Deployment shop/db").doesNotContain(PODS);
            assertThat(record.phase()).isEqualTo(Phase.Completed);
            assertThat(record.count(ItemOutcome.created)).isEqualTo(1);
        }
    }

    @Test
    void aRestoreOfTheWorkloadFeedsItsDumpAndAnApiErrorOnTheWayIsAnErrorOfThatWorkloadNotOfTheWholeRestore() {
        try (ScriptedApi api = api(); KubernetesClient client = api.client()) {
            RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults())
                    .run("everything", spec(null), ProgressListener.NONE);

            assertThat(api.requests).contains(PODS);
            assertThat(record.phase()).isEqualTo(Phase.PartiallyFailed);
            assertThat(record.outcome().errors()).singleElement().satisfies(p -> {
                assertThat(p.message()).contains("shop/Deployment/db", "not restored", "request timed out");
                assertThat(p.message()).doesNotEndWith("null");
            });
        }
    }
}

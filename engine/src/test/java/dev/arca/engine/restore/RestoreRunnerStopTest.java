package dev.arca.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveJson;
import dev.arca.archive.ArchiveWriter;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.ItemKey;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.ScriptedApi;
import dev.arca.engine.ScriptedApi.Answer;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore whose progress listener ends the run (the server's cancel), and a run that fails without a message. */
class RestoreRunnerStopTest {
    private static final int ITEMS = 40;
    private static final String POST = "POST /api/v1/namespaces/shop/configmaps";

    @TempDir
    Path dir;
    ObjectStore store;

    @BeforeEach
    void backupOfFortyConfigMaps() {
        store = new FilesystemObjectStore(dir.resolve("location"));
        try (ArchiveWriter writer = ArchiveWriter.create(store, "nightly")) {
            for (int i = 0; i < ITEMS; i++) {
                writer.add(ItemKey.namespaced("configmaps", "shop", "cm-" + i), configMap("cm-" + i).getBytes(StandardCharsets.UTF_8));
            }
            writer.finish(BackupManifest.draft("nightly", BackupSpec.everything(), Instant.parse("2026-12-01T02:00:00Z"))
                    .withPhase(Phase.Completed).withClusterVersion("v1.20.2"));
        }
    }

    private static String configMap(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"shop\"},"
                + "\"data\":{\"k\":\"v\"}}";
    }

    private static ScriptedApi api() {
        return new ScriptedApi()
                .on("GET", "/version", new Answer(200, "{\"major\":\"1\",\"minor\":\"20\",\"gitVersion\":\"v1.20.2\"}"))
                .on("GET", "/api/v1/namespaces/shop", new Answer(200, "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                        + "\"metadata\":{\"name\":\"shop\"},\"status\":{\"phase\":\"Active\"}}"))
                .on("POST", "/api/v1/namespaces/shop/configmaps", new Answer(201, configMap("cm")));
    }

    private static RestoreSpec everything() {
        return new RestoreSpec("nightly", null, null, null, null, null, null, null, false, false, null, null);
    }

    private RestoreRecord saved(String name) throws Exception {
        return ArchiveJson.mapper().readValue(store.getBytes(LocationLayout.restoreKey(name)), RestoreRecord.class);
    }

    @Test
    void aListenerThatEndsTheRunMidTierStopsTheApplyingOfTheItemsStillQueued() throws Exception {
        AtomicInteger done = new AtomicInteger();
        ProgressListener cancelAfterThree = new ProgressListener() {
            @Override
            public void itemDone() {
                if (done.incrementAndGet() >= 3) {
                    throw new CancellationException("the run was cancelled");
                }
            }
        };
        try (ScriptedApi api = api(); KubernetesClient client = api.client()) {
            RestoreRunner runner = new RestoreRunner(client, store, EngineOptions.defaults().withParallelism(1));

            assertThatThrownBy(() -> runner.run("cancelled", everything(), cancelAfterThree))
                    .isInstanceOf(CancellationException.class);

            long applied = api.requests.stream().filter(POST::equals).count();
            assertThat(applied).as("configmaps created after the cancel").isLessThanOrEqualTo(4);
        }
        RestoreRecord record = saved("cancelled");
        assertThat(record.phase()).isEqualTo(Phase.Failed);
        assertThat(record.failure()).isEqualTo("the run was cancelled");
    }

    @Test
    void aRunThatFailsWithoutAMessageRecordsWhatFailedRatherThanNull() throws Exception {
        ProgressListener broken = new ProgressListener() {
            @Override
            public void step(String name) {
                throw new IllegalStateException();
            }
        };
        try (ScriptedApi api = api(); KubernetesClient client = api.client()) {
            RestoreRunner runner = new RestoreRunner(client, store, EngineOptions.defaults());

            assertThatThrownBy(() -> runner.run("broken", everything(), broken)).isInstanceOf(IllegalStateException.class);
        }
        RestoreRecord record = saved("broken");
        assertThat(record.phase()).isEqualTo(Phase.Failed);
        assertThat(record.failure()).isNotNull().contains("IllegalStateException").doesNotEndWith("null");
    }
}

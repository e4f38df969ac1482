package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.ItemKey;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.CuttableProxy;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API server stops answering in the middle of a backup: a proxy on loopback in front of the
 * real API server resets every connection, open and new, for a few seconds while the ConfigMaps
 * of the namespace are streaming in. The backup retries and completes with every item once.
 */
@ExtendWith(ControlPlaneExtension.class)
class ApiFaultsIT {
    private static final int CONFIG_MAPS = 300;
    @TempDir
    Path dir;
    private CuttableProxy proxy;
    private KubernetesClient throughProxy;

    @BeforeEach
    void fill(LocalControlPlane plane, KubernetesClient client, TestNamespace ns) {
        String data = "x".repeat(20_000); // ~6 MB in all: the second page streams for a while
        for (int i = 0; i < CONFIG_MAPS; i++) {
            client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName(String.format("c-%03d", i)).endMetadata().addToData("data", data).build()).create();
        }
        proxy = new CuttableProxy(plane.apiServerUrl());
        Config config = proxy.configThrough(client.getConfiguration());
        config.setConnectionTimeout(5_000); // as ClusterAccess.connect sets them
        config.setRequestRetryBackoffLimit(1);
        throughProxy = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() {
        if (throughProxy != null) {
            throughProxy.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aBackupWhoseApiServerDropsEveryConnectionForThreeSecondsCompletesWithEveryItemOnce(TestNamespace ns) throws IOException {
        AtomicInteger done = new AtomicInteger();
        ProgressListener cutMidway = new ProgressListener() {
            @Override
            public void itemDone() {
                if (done.incrementAndGet() == 60) {
                    proxy.cut(Duration.ofSeconds(3));
                }
            }
        };
        FilesystemObjectStore store = new FilesystemObjectStore(dir);
        BackupSpec spec = new BackupSpec(List.of(ns.name()), null, null, null, null, null, null, null, null);

        BackupManifest manifest = new BackupRunner(throughProxy, store, EngineOptions.defaults().withPageSize(10))
                .run("flaky", spec, cutMidway);

        assertThat(proxy.resets()).as("the cut really dropped connections").isPositive();
        assertThat(manifest.outcome().errors()).isEmpty();
        assertThat(manifest.phase()).isEqualTo(Phase.Completed);
        assertThat(manifest.counts()).containsEntry("configmaps", CONFIG_MAPS + 1L); // and kube-root-ca.crt
        List<String> configMaps = new ArrayList<>();
        String log;
        try (ArchiveReader reader = ArchiveReader.open(store, "flaky"); InputStream in = reader.log()) {
            reader.forEachItem((ItemKey key, byte[] json) -> {
                if (key.resource().equals("configmaps")) {
                    configMaps.add(key.name());
                }
            });
            log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(configMaps).hasSize(CONFIG_MAPS + 1).doesNotHaveDuplicates();
        assertThat(log).as("each retry is in the backup's log").contains("failed (no answer from the API server", "retrying in");
    }

    @Test
    void aBackupWhoseApiServerGoesAwayForGoodEndsWithinAboutAMinute(TestNamespace ns) {
        AtomicInteger done = new AtomicInteger();
        ProgressListener cutForGood = new ProgressListener() {
            @Override
            public void itemDone() {
                if (done.incrementAndGet() == 60) {
                    proxy.cut(Duration.ofMinutes(10));
                }
            }
        };
        BackupSpec spec = new BackupSpec(List.of(ns.name()), null, null, null, null, null, null, null, null);
        long began = System.nanoTime();

        BackupManifest manifest = new BackupRunner(throughProxy, new FilesystemObjectStore(dir), EngineOptions.defaults().withPageSize(10))
                .run("dead", spec, cutForGood);

        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertThat(took).as("retries are bounded, and a server that stopped answering is not waited for again")
                .isLessThan(Duration.ofSeconds(60));
        assertThat(manifest.phase()).isEqualTo(Phase.PartiallyFailed);
        // which reads fail depends on how much of a page was already received when the cut came: a list or a related GET
        assertThat(manifest.outcome().errors()).anySatisfy(p -> assertThat(p.message()).containsAnyOf("cannot list", "could not be read"));
    }
}

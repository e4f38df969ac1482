package dev.arca.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.archive.BackupManifest;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.ProgressListener;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The LIST pages change size after the first ({@link PageSizer}); the API server's continue tokens must still take every item once. */
@ExtendWith(ControlPlaneExtension.class)
class PagedBackupIT {
    @TempDir
    Path dir;

    @Test
    void pagesThatGrowAfterTheFirstStillTakeEveryItemOnce(KubernetesClient client, TestNamespace ns) {
        for (int i = 0; i < 30; i++) {
            client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("c-" + i)
                    .endMetadata().addToData("i", String.valueOf(i)).build()).create();
        }
        BackupSpec spec = new BackupSpec(List.of(ns.name()), null, List.of("configmaps"), null, null, null, null, null, null);

        // 3 items in the first page; the next asks for ~8 MiB of these ~300-byte items, the rest in one page
        BackupManifest manifest = new BackupRunner(client, new FilesystemObjectStore(dir), EngineOptions.defaults().withPageSize(3))
                .run("paged", spec, ProgressListener.NONE);

        assertThat(manifest.phase()).isEqualTo(Phase.Completed);
        assertThat(manifest.counts()).containsEntry("configmaps", 31L); // and kube-root-ca.crt
    }
}

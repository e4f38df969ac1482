package dev.arca.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.BackupLease;
import dev.arca.archive.Lease;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A real restore holds its lease while it reads the backup: prune and delete wait for it. */
@ExtendWith(ControlPlaneExtension.class)
class RestoreLeaseIT {
    @TempDir
    Path dir;

    @Test
    void aRunningRestoreKeepsItsBackupFromPruneAndDeleteAndReleasesItAtTheEnd(KubernetesClient client, TestNamespace ns) {
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().addToData("k", "v").build()).create();
        ObjectStore store = new FilesystemObjectStore(dir);
        new BackupRunner(client, store, EngineOptions.defaults())
                .run("b1", new BackupSpec(List.of(ns.name()), null, null, null, null, null, null, null, Duration.ofMillis(1)),
                        ProgressListener.NONE); // expired as soon as it is written: only the lease keeps it
        RestoreSpec spec = new RestoreSpec("b1", null, null, null, null, null, null, null, false, false, null, null);
        List<Lease> leasesDuringRestore = new ArrayList<>();
        List<Throwable> deleteDuringRestore = new ArrayList<>();
        List<PruneResult> pruneDuringRestore = new ArrayList<>();
        ProgressListener peek = new ProgressListener() {
            @Override
            public void step(String name) {
                if (name.equals("verifying backup")) {
                    leasesDuringRestore.addAll(BackupLease.list(store, "b1"));
                    pruneDuringRestore.add(new BackupPruner(store, Clock.systemUTC()).prune(false));
                    try {
                        new BackupDeleter(store, Clock.systemUTC()).delete("b1");
                    } catch (RuntimeException e) {
                        deleteDuringRestore.add(e);
                    }
                }
            }
        };

        RestoreRecord record = new RestoreRunner(client, store, EngineOptions.defaults()).run("r1", spec, peek);

        assertThat(record.phase()).isEqualTo(Phase.Completed);
        assertThat(leasesDuringRestore).extracting(Lease::holder).containsExactly("r1");
        assertThat(deleteDuringRestore).singleElement().isInstanceOf(BackupInUseException.class)
                .extracting(Throwable::getMessage).asString().startsWith("backup \"b1\" is being read by restore \"r1\" (lease until ");
        assertThat(pruneDuringRestore).singleElement().satisfies(pruned -> {
            assertThat(pruned.deleted()).isEmpty();
            assertThat(pruned.kept()).extracting(PruneResult.Kept::why).containsExactly(PruneResult.Why.leased);
        });
        assertThat(store.list(LocationLayout.leasePrefix("b1"))).as("released at the end").isEmpty();
        assertThat(new BackupPruner(store, Clock.systemUTC()).prune(false).deleted())
                .extracting(PruneResult.Deleted::backup).containsExactly("b1");
    }
}

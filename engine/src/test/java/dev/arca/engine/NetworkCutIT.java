package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ArchiveReader;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.backup.BackupRunner;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A location that stops answering in the middle of a backup's upload. The cut is simulated at the
 * store boundary (a real directory behind it), the cluster and the engine are real.
 */
@ExtendWith(ControlPlaneExtension.class)
class NetworkCutIT {
    @TempDir
    Path dir;

    @BeforeEach
    void fill(KubernetesClient client, TestNamespace ns) {
        Random random = new Random(7);
        for (int i = 0; i < 120; i++) {
            byte[] noise = new byte[3000];
            random.nextBytes(noise);
            client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("c" + i).endMetadata()
                    .addToData("noise", Base64.getEncoder().encodeToString(noise)).build()).create();
        }
    }

    private static BackupSpec spec(String ns) {
        return new BackupSpec(List.of(ns), null, null, null, null, null, null, null, null);
    }

    @Test
    void aCutMidUploadLeavesOnlyAFailedRecordWhenTheLocationComesBack(KubernetesClient client, TestNamespace ns) {
        FilesystemObjectStore real = new FilesystemObjectStore(dir);
        CuttableStore store = new CuttableStore(real, 100_000, true);

        assertThatThrownBy(() -> new BackupRunner(client, store, EngineOptions.defaults()).run("cut", spec(ns.name()), ProgressListener.NONE))
                .isInstanceOf(ArcaException.class).hasMessageContaining("connection reset");

        assertThat(real.list(LocationLayout.backupPrefix("cut"))).extracting(ObjectStore.ObjectInfo::key)
                .containsExactly(LocationLayout.manifestKey("cut"));
        try (ArchiveReader reader = ArchiveReader.open(real, "cut")) {
            assertThat(reader.manifest().phase()).isEqualTo(Phase.Failed);
            assertThat(reader.manifest().expires()).as("a failed backup expires like any other").isNotNull();
            assertThat(reader.manifest().outcome().errors()).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("connection reset"));
        }
        assertThatThrownBy(() -> new RestoreRunner(client, real, EngineOptions.defaults())
                .run("r", new RestoreSpec("cut", null, null, null, null, null, null, null, false, false, null, null), ProgressListener.NONE))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("is Failed");
    }

    @Test
    void aCutThatLastsLeavesNoBackupAtAll(KubernetesClient client, TestNamespace ns) {
        FilesystemObjectStore real = new FilesystemObjectStore(dir);
        CuttableStore store = new CuttableStore(real, 100_000, false);

        assertThatThrownBy(() -> new BackupRunner(client, store, EngineOptions.defaults()).run("gone", spec(ns.name()), ProgressListener.NONE))
                .isInstanceOf(ArcaException.class);

        assertThat(LocationLayout.backupNames(real)).isEmpty();
        // only the run's claim on the name is left: the store was gone when it was to be released, so it lapses
        assertThat(real.list(LocationLayout.backupPrefix("gone"))).extracting(ObjectStore.ObjectInfo::key)
                .containsExactly(LocationLayout.writerKey("gone"));
        assertThat(dev.arca.archive.BackupLease.writer(real, "gone").expires())
                .isBeforeOrEqualTo(java.time.Instant.now().plus(dev.arca.archive.BackupLease.DURATION));
    }

    /** Passes writes through until {@code budget} bytes were written, then answers nothing (until it heals, if it does). */
    static final class CuttableStore implements ObjectStore {
        private final ObjectStore inner;
        private final boolean healsAfterAbort;
        private long budget;
        private volatile boolean down;

        CuttableStore(ObjectStore inner, long budget, boolean healsAfterAbort) {
            this.inner = inner;
            this.budget = budget;
            this.healsAfterAbort = healsAfterAbort;
        }

        private void check() {
            if (down) {
                throw new ArcaException.Transient("connection reset by peer (simulated cut)", new IOException("reset"));
            }
        }

        @Override
        public String describe() {
            return "cuttable " + inner.describe();
        }

        @Override
        public void put(String key, byte[] data) {
            check();
            inner.put(key, data);
        }

        @Override
        public boolean createIfAbsent(String key, byte[] data) {
            check();
            return inner.createIfAbsent(key, data);
        }

        @Override
        public ObjectWriter writer(String key) {
            check();
            ObjectWriter w = inner.writer(key);
            return new ObjectWriter() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    synchronized (CuttableStore.this) {
                        budget -= len;
                        if (down || budget < 0) {
                            down = true;
                            throw new IOException("connection reset by peer (simulated cut)");
                        }
                    }
                    w.write(b, off, len);
                }

                @Override
                public void commit() {
                    check();
                    w.commit();
                }

                @Override
                public void close() {
                    w.close(); // an abort reaches the real store: it models the reconnect
                    heal();
                }
            };
        }

        @Override
        public InputStream get(String key) {
            check();
            return inner.get(key);
        }

        @Override
        public boolean exists(String key) {
            check();
            return inner.exists(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) {
            check();
            return inner.list(prefix);
        }

        @Override
        public void delete(String key) {
            inner.delete(key); // cleanup reaches the real store too
            heal();
        }

        private void heal() {
            if (healsAfterAbort) {
                down = false;
            }
        }
    }
}

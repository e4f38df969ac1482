package dev.arca.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.restore.RestoreRunner;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore's lease when the restore fails before it touches a cluster (see {@link RestoreLeaseIT} for a real one). */
class RestoreLeaseTest {
    @TempDir
    Path dir;

    @Test
    void aRestoreThatFailsToOpenItsBackupLeavesNoLeaseBehind() {
        ObjectStore store = new FilesystemObjectStore(dir);
        RestoreSpec spec = new RestoreSpec("ghost", null, null, null, null, null, null, null, false, false, null, null);

        assertThatThrownBy(() -> new RestoreRunner(null, store, EngineOptions.defaults()).run("r1", spec, ProgressListener.NONE))
                .isInstanceOf(ArcaException.NotFound.class);

        assertThat(store.list(LocationLayout.leasePrefix("ghost"))).isEmpty();
    }
}

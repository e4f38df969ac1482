package dev.arca.storage.fs;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStoreProvider;
import java.nio.file.Path;

/** {@code provider: filesystem}, config key {@code dir}. */
public final class FilesystemProvider implements ObjectStoreProvider {
    @Override
    public String name() {
        return "filesystem";
    }

    @Override
    public ObjectStore open(BackupLocationSpec spec) {
        String dir = spec.get("dir");
        if (dir == null || dir.isBlank()) {
            throw new ArcaException.InvalidInput("location \"" + spec.name() + "\" (filesystem) has no dir; set it with --dir PATH");
        }
        return new FilesystemObjectStore(Path.of(dir));
    }
}

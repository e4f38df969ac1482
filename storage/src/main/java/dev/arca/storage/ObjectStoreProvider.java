package dev.arca.storage;

import dev.arca.api.BackupLocationSpec;

/**
 * Opens object stores of one provider type; implementations are listed in
 * {@code META-INF/services/dev.arca.storage.ObjectStoreProvider}.
 */
public interface ObjectStoreProvider {
    /** The provider name used in {@link BackupLocationSpec#provider()}, e.g. {@code s3}. */
    String name();

    /**
     * Opens the store described by {@code spec}; fails with
     * {@link dev.arca.api.ArcaException.InvalidInput} naming the missing or bad setting.
     */
    ObjectStore open(BackupLocationSpec spec);
}

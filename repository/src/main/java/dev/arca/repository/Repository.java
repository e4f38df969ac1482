package dev.arca.repository;

import dev.arca.storage.ObjectStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * The volume-data repository of one location, under {@code repository/} in it.
 * WIRING PENDING: the layers land first; this facade joins them.
 */
public final class Repository implements AutoCloseable {

    public static Repository open(ObjectStore location) {
        throw new UnsupportedOperationException("the volume repository is not wired yet");
    }

    public SnapshotSummary backup(Path root, String volume, String backup, Map<String, String> tags) {
        throw new UnsupportedOperationException();
    }

    public RestoreSummary restore(String snapshotId, Path target) {
        throw new UnsupportedOperationException();
    }

    public int forgetBackup(String backup) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}

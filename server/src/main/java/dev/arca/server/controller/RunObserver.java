package dev.arca.server.controller;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.Restore;
import java.time.Duration;

/** What the reconcilers report as runs start and end (the metrics listen). Every method defaults to nothing. */
public interface RunObserver {
    RunObserver NONE = new RunObserver() {
    };

    default void backupStarted(Backup backup, String location) {
    }

    default void backupFinished(Backup backup, String location, String phase, Duration took, long items) {
    }

    default void restoreStarted(Restore restore, String location) {
    }

    default void restoreFinished(Restore restore, String location, String phase, Duration took) {
    }

    default void retentionDeleted(String schedule, String location, int count) {
    }

    default void syncFinished(String location, Duration took, int added, int removed) {
    }
}

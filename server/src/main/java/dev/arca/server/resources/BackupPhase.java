package dev.arca.server.resources;

/** Lifecycle of a {@link Backup}: Velero's phase names plus Cancelled. */
public enum BackupPhase {
    New,
    InProgress,
    Completed,
    PartiallyFailed,
    Failed,
    Deleting,
    Cancelled
}

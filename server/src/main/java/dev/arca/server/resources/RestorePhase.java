package dev.arca.server.resources;

/** Lifecycle of a {@link Restore}: Velero's phase names plus Cancelled. */
public enum RestorePhase {
    New,
    InProgress,
    Completed,
    PartiallyFailed,
    Failed,
    Cancelled
}

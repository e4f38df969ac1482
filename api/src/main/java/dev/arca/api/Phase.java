package dev.arca.api;

/** Lifecycle of a backup or a restore, named as Velero users know it. */
public enum Phase {
    New,
    InProgress,
    Completed,
    /** Finished, but some items failed: see the warnings and errors. */
    PartiallyFailed,
    Failed;

    public boolean isFinal() {
        return this == Completed || this == PartiallyFailed || this == Failed;
    }
}

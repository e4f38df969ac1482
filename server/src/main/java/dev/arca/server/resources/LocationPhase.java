package dev.arca.server.resources;

/** Whether the server could reach a {@link BackupLocation} at its last check. */
public enum LocationPhase {
    Available,
    Unavailable
}

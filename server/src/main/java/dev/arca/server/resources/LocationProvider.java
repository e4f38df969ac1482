package dev.arca.server.resources;

/** The storage behind a {@link BackupLocation}; the names are the CLI's provider names. */
public enum LocationProvider {
    filesystem,
    s3,
    azure,
    gcs
}

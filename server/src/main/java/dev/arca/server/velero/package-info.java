/**
 * Converts Velero {@code Schedule} and {@code BackupStorageLocation} YAML into Arca's
 * {@link dev.arca.server.resources.Schedule} and {@link dev.arca.server.resources.BackupLocation},
 * saying for each object what was dropped or changed in meaning; pure, no cluster access.
 */
package dev.arca.server.velero;

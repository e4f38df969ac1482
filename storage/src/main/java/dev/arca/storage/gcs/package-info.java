/**
 * The native Google Cloud Storage provider: a location that is a GCS bucket, reached through
 * google-cloud-storage, where archives land at the end of a backup and are read from at the start
 * of a restore.
 */
package dev.arca.storage.gcs;

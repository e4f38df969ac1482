/**
 * The S3 provider: a location that is a bucket (AWS or any S3-compatible store), where archives
 * land at the end of a backup and are read from at the start of a restore.
 */
package dev.arca.storage.s3;

/**
 * Arca's custom resources ({@code arca.dev/v1alpha1}: Backup, Restore, Schedule, BackupLocation) as
 * plain data classes, from which the CRDs are generated; the reconcilers read and write them, and
 * they make no client calls themselves. See docs/resources-api.md.
 */
package dev.arca.server.resources;

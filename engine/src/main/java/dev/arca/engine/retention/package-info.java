/**
 * Retention and verification of backups already in a location, after the backup flow and beside
 * restore: prune what has expired, delete on request, never under a restore's lease, and read a
 * whole backup back to prove it is restorable.
 */
package dev.arca.engine.retention;

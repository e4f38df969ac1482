/**
 * The resource types users write (Backup, Restore, BackupLocation: spec and status) and the error
 * hierarchy every module shares; the engine's input, the same on the CLI and as custom resources.
 */
package dev.arca.api;

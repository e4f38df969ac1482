/**
 * The Azure Blob provider: a location that is a blob container, where archives land at the end
 * of a backup and are read from at the start of a restore.
 */
package dev.arca.storage.azure;

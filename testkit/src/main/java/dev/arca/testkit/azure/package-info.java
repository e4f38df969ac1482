/**
 * A real Azure Blob service (Azurite on loopback, installed from npm) for integration tests of
 * the Azure object store, the bottom of both the backup and the restore flow.
 */
package dev.arca.testkit.azure;

/**
 * From a {@code BackupLocation} resource and the Secrets it names to an open location: the
 * engine's {@code BackupLocationSpec}, the passphrase, and credential files private to the
 * server process. No secret value is logged, put in a status, an Event or an exception message.
 */
package dev.arca.server.location;

/**
 * {@code arca fleet}: the CLI's commands for a hub (the current kubeconfig context), one class per
 * verb: join, unjoin, get, status, import, and the two long-running processes, hub and agent. They
 * read and write the fleet's resources (group {@code fleet.arca.dev}) and leave deciding to the hub.
 */
package dev.arca.cli.fleet;

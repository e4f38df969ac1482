/**
 * {@code arca fleet}: the CLI's commands for the hub, one class per verb; they read and write the
 * fleet's resources (group {@code fleet.arca.dev}) on the hub's API server and leave deciding to the hub.
 */
package dev.arca.cli.fleet;

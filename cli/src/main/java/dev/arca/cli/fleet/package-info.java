/**
 * {@code arca fleet}: the commands of the fleet noun (join, unjoin, get), run against the hub, the
 * current kubeconfig context; they call {@code dev.arca.fleet.members} and never reconcile anything.
 */
package dev.arca.cli.fleet;

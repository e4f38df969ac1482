/**
 * The {@code arca} command: the laptop front door. It builds specs from flags, runs the engine
 * directly against the current kubeconfig context, and shows results; nothing is installed in the cluster.
 * The schedule and import commands are the exception: they read and write Arca's custom resources
 * (Schedule, Backup, BackupLocation) in the cluster, for the server to act on.
 */
package dev.arca.cli;

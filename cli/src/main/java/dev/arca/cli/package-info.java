/**
 * The {@code arca} command: the laptop front door. It builds specs from flags, runs the engine
 * directly against the current kubeconfig context, and shows results; nothing is installed in the cluster.
 */
package dev.arca.cli;

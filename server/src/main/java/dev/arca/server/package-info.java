/**
 * Arca's in-cluster server: what protects a cluster unattended. So far the policies it runs by,
 * free of any controller code so the CLI can show them too: when a schedule runs
 * ({@code dev.arca.server.schedule}) and which of a schedule's backups its retention keeps
 * ({@code dev.arca.server.retention}); and the custom resources it serves, from which the CRDs are
 * generated ({@code dev.arca.server.resources}). Their reconcilers, backup sync, metrics and the
 * install manifests come next (issue 12).
 */
package dev.arca.server;

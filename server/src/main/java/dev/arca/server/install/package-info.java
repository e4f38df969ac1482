/**
 * What {@code arca install} and the Helm chart put into a cluster: the server's Namespace, CRDs,
 * RBAC, Deployment and metrics Service, and optionally one BackupLocation with its Secret, as
 * objects computed from options with no client calls (the CLI applies them). See docs/server-install.md.
 */
package dev.arca.server.install;

/**
 * The server's reconcilers, on the Java Operator SDK: one per kind (Backup, Restore, Schedule,
 * BackupLocation), and {@link dev.arca.server.controller.ArcaServer}, which registers them behind
 * leader election on a {@code coordination.k8s.io/v1} Lease. Long runs (a backup, a restore) go
 * to a bounded pool ({@link dev.arca.server.controller.Runs}) so reconcile calls stay short; their
 * status is written with JSON merge patches of the status subresource ({@link
 * dev.arca.server.controller.StatusPatch}), and each start, finish and failure is an Event
 * ({@link dev.arca.server.controller.Events}). The engine knows nothing of this package.
 */
package dev.arca.server.controller;

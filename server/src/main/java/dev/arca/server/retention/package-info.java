/**
 * Retention as one object: a schedule's {@link dev.arca.server.retention.RetentionPolicy} (keepLast,
 * GFS counts, minSuccessful, ttl) turned, without side effects, into a
 * {@link dev.arca.server.retention.RetentionPlan} that says for each of the schedule's backups KEEP or
 * DELETE and why; the server's garbage collection carries the plan out and
 * {@code arca schedule retention-plan} prints it. {@link dev.arca.server.retention.BackupResources} and
 * {@link dev.arca.server.retention.RetentionSpecs} read the plan's input from the custom resources.
 * See docs/retention.md.
 */
package dev.arca.server.retention;

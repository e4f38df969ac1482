/**
 * Blueprints: per workload, a backup action whose stdout streams into the location's repository
 * and a restore action fed that stream on stdin (a database dump, say); chosen by a pod annotation,
 * run beside the volume data of {@code backup} and after the workloads of {@code restore}.
 */
package dev.arca.engine.blueprint;

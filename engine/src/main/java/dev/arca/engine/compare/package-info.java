/**
 * Compares Kubernetes objects after the restore's own transformations: field-level differences
 * between two versions of an object, a backup against another backup or the live cluster, and the
 * preview of a restore's dry run. Reads only; sits above {@code restore}, whose notion of
 * "identical" it reuses.
 */
package dev.arca.engine.compare;

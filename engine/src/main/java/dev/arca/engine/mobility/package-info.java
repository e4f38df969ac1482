/**
 * Moving applications between namespaces and clusters: clone (a backup and a mapped restore in one
 * run), migrate's pre-flight report read from the live source and target, and the verification
 * that compares what a migration backed up with what the target now holds; over the backup and
 * restore packages, which never import this one.
 */
package dev.arca.engine.mobility;

/**
 * The snapshot layer: a directory tree (names, modes, owners, times, symlinks, hard links) stored
 * as objects, one manifest per volume per backup, incremental against the previous snapshot of
 * the same volume, and restored back into a directory. Above {@code object}.
 */
package dev.arca.repository.snapshot;

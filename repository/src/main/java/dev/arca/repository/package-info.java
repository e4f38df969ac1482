/**
 * The volume-data repository: a deduplicating, compressed, encrypted store of file trees on top
 * of an {@link dev.arca.storage.ObjectStore}. Packages stack like kopia's and a lower one never
 * imports a higher one: {@code content} (chunks in packs, index, keys) → {@code object} (a byte
 * stream cut into chunks) → {@code snapshot} (directory trees and per-volume manifests) →
 * {@code maintenance} (garbage collection, index merging, verify).
 */
package dev.arca.repository;

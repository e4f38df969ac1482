/**
 * Keeping a repository small and honest: dropping chunks no snapshot references (after a safety
 * delay), rewriting mostly-empty packs, merging indexes, and verifying index ↔ packs and sampled
 * chunk data. The top layer: the caller names the live chunks (from its snapshots); this package
 * rewrites the content layer's packs and indexes and imports neither the object nor the snapshot layer.
 */
package dev.arca.repository.maintenance;

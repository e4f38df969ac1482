/**
 * Keeping a repository small and honest: dropping chunks no snapshot references (after a safety
 * delay), rewriting mostly-empty packs, merging indexes, and verifying index ↔ packs and sampled
 * chunk data. The top layer: reads snapshots, rewrites content.
 */
package dev.arca.repository.maintenance;

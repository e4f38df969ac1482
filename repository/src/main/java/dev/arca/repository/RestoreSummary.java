package dev.arca.repository;

/** What restoring one snapshot wrote: files, directories, symlinks and bytes. */
public record RestoreSummary(String snapshotId, long files, long dirs, long symlinks, long bytes) {
}

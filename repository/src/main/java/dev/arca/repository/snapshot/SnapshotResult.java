package dev.arca.repository.snapshot;

import java.util.List;
import java.util.Objects;

/**
 * A finished snapshot: its manifest (not yet saved; see {@link SnapshotStore#save}) and the
 * partial failures met on the way. A vanished path is a warning; an unreadable one an error, and
 * it is missing from the snapshot.
 */
public record SnapshotResult(SnapshotManifest manifest, List<PathProblem> warnings, List<PathProblem> errors) {
    public SnapshotResult {
        Objects.requireNonNull(manifest, "manifest");
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }
}

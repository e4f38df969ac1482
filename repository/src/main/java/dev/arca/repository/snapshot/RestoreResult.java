package dev.arca.repository.snapshot;

import java.util.List;
import java.util.Objects;

/** A finished restore: counters and the per-path problems met (the rest was restored). */
public record RestoreResult(RestoreStats stats, List<PathProblem> warnings, List<PathProblem> errors) {
    public RestoreResult {
        Objects.requireNonNull(stats, "stats");
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }
}

package dev.arca.repository.snapshot;

import java.util.Objects;

/**
 * A warning or error about one path of a snapshot or restore (partial failure as data).
 *
 * @param path    relative to the snapshot root, '/'-separated ("" for the root itself)
 * @param message what happened and what to do
 */
public record PathProblem(String path, String message) {
    public PathProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "/" : path) + ": " + message;
    }
}

package dev.arca.engine;

import dev.arca.api.Problem;

/**
 * How the engine reports progress: the CLI draws a progress bar from it, the server writes it to
 * status. Every method has a no-op default; calls may come from several threads at once.
 */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
    };

    /** A named step starts, e.g. "discovering", "backing up", "restoring tier 2". */
    default void step(String name) {
    }

    /** More work became known: {@code count} items will be processed. */
    default void expect(long count) {
    }

    /** One item was handled (written to the archive, or restored/skipped/failed). */
    default void itemDone() {
    }

    /** A warning or an error about one item or type; the run goes on. */
    default void problem(boolean error, Problem problem) {
    }
}

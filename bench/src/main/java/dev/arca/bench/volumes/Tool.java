package dev.arca.bench.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;

/** One backup tool under test, with its repository for one round. Each operation is its own process. */
interface Tool extends AutoCloseable {
    ObjectMapper JSON = new ObjectMapper();

    /** {@code restic}, {@code borg}, {@code arca} or {@code arca-warm}: the name of its figures. */
    String name();

    /** The directory its repository occupies, measured for the size figure. */
    Path repository();

    /** Creates the repository; not timed. */
    void init();

    /** Backs {@code source} up (incrementally when it was backed up before); the run's output holds the summary. */
    Proc.Run backup(String label, Path source);

    /** Restores the latest backup into {@code target}, which does not exist yet. */
    Proc.Run restore(String label, Path target);

    /** Where in {@code target} a restore of {@code source} puts the source's top directory. */
    Path restoredRoot(Path target, Path source);

    /** One line about what a successful backup did, from its output. */
    String describe(Proc.Run backup);

    /** The last JSON object on a line of the run's stdout that has {@code field} (JSON lines), or null. */
    static JsonNode lastJson(Proc.Run run, String field) {
        JsonNode found = null;
        for (String line : run.out().lines().toList()) {
            if (line.startsWith("{")) {
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node.has(field)) {
                        found = node;
                    }
                } catch (java.io.IOException e) {
                    // a progress line cut short: not the summary
                }
            }
        }
        return found;
    }

    /** The run's whole stdout as one JSON document (borg prints it over many lines) when it has {@code field}, or null. */
    static JsonNode jsonDocument(Proc.Run run, String field) {
        try {
            JsonNode node = JSON.readTree(run.out());
            return node != null && node.has(field) ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * The peak RSS of a process that outlived its operations (the warm JVM), known once the round
     * {@link #close}d it; -1 for a tool that runs a process per operation (each run has its own).
     */
    default long sessionRssKiB() {
        return -1;
    }

    /** Ends what the tool keeps running between operations; nothing for a process per operation. */
    @Override
    default void close() {
    }

    /** The command as a shell line to paste: arguments with spaces, quotes or globs in single quotes. */
    static String shell(java.util.List<String> command) {
        return String.join(" ", command.stream()
                .map(a -> a.matches("[A-Za-z0-9_./=:,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'").toList());
    }

    /** A failed step: which tool, which step, how it ended, and its output's tail. */
    final class StepFailed extends RuntimeException {
        StepFailed(String message) {
            super(message);
        }

        static StepFailed of(Tool tool, Proc.Run run, String step) {
            String how = run.timedOut() ? "was killed after the timeout of " + String.format("%.0f s", run.seconds())
                    : String.format("exited %d after %.1f s", run.exitCode(), run.seconds());
            String tail = run.tail(25);
            String hint = tail.contains("UnsupportedOperationException") && tool.name().equals("arca")
                    ? "\nhint: UnsupportedOperationException: the repository facade dev.arca.repository.Repository is not wired"
                    + " yet (or this build predates it); rebuild once it is (bench/volumes rebuilds when sources change)."
                    : "";
            return new StepFailed(tool.name() + " " + step + " " + how + "\ncommand: " + shell(run.command()) + "\n"
                    + tail + hint);
        }
    }
}

package dev.arca.testkit.kube;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion within a bound: its output goes to a temporary file, so a command
 * that hangs (or fills a pipe nobody reads) is killed when the time is up instead of blocking the
 * test forever.
 */
public final class ProcessOutput {

    private ProcessOutput() {
    }

    /** What a finished command returned; exit code -1 when it was killed at the time limit. */
    public record Finished(int exitCode, String output) {
    }

    /**
     * Runs {@code command} with stdin from /dev/null, stdout and stderr together.
     *
     * @return its exit status and output; -1 and what it printed so far when it ran out of time
     */
    public static Finished run(List<String> command, Duration timeout) {
        return run(new ProcessBuilder(command), timeout);
    }

    /**
     * Runs what {@code builder} describes (its command, directory and environment) the same way:
     * stdin from /dev/null, stdout and stderr together into a temporary file, killed with its
     * descendants when {@code timeout} is up.
     */
    static Finished run(ProcessBuilder builder, Duration timeout) {
        String description = String.join(" ", builder.command());
        Path out = null;
        try {
            out = Files.createTempFile("arca-process-", ".out");
            Process process = builder
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            return new Finished(done ? process.exitValue() : -1,
                    done ? output : output + "\n(killed after " + timeout + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + description, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + description, e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }
}

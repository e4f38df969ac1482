package dev.arca.testkit.kube;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The {@code kubectl} built with a {@link LocalControlPlane}, run against it as a user would: for
 * tests that prove a command works, not only the client library.
 */
public final class Kubectl {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private final LocalControlPlane plane;

    public Kubectl(LocalControlPlane plane) {
        this.plane = plane;
    }

    /** What a finished command returned: its exit status and combined output. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Runs {@code kubectl args...} and waits up to two minutes for it.
     *
     * @throws IllegalStateException when it exits non-zero or does not finish (the message has its output)
     */
    public Result run(String... args) {
        ProcessOutput.Finished finished = ProcessOutput.run(command(args), RUN_TIMEOUT);
        Result result = new Result(finished.exitCode(), finished.output());
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " exited " + result.exitCode()
                    + ":\n" + result.output());
        }
        return result;
    }

    /** Starts {@code kubectl args...} in the background (e.g. {@code port-forward}); close it to stop it. */
    public Background start(String... args) {
        return new Background(spawn(args), String.join(" ", args));
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(plane.kubectl().toString(),
                "--kubeconfig", plane.kubeconfig().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private Process spawn(String... args) {
        try {
            return new ProcessBuilder(command(args)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + plane.kubectl(), e);
        }
    }

    /** A kubectl running in the background; its output is read line by line as it comes. */
    public static final class Background implements AutoCloseable {
        private final Process process;
        private final String description;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder seen = new StringBuilder();

        Background(Process process, String description) {
            this.process = process;
            this.description = description;
            Thread reader = new Thread(this::pump, "kubectl-" + description);
            reader.setDaemon(true);
            reader.start();
        }

        private void pump() {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the process was stopped
            }
        }

        /**
         * Waits for the first output line that {@code wanted} accepts.
         *
         * @throws IllegalStateException when none came within {@code timeout} (the message has the output)
         */
        public String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new IllegalStateException("kubectl " + description + " printed no expected line within "
                            + timeout + " (alive: " + process.isAlive() + "); it printed:\n" + seen);
                }
                seen.append(line).append('\n');
                if (wanted.test(line)) {
                    return line;
                }
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}

package dev.arca.bench;

import dev.arca.testkit.ServerSupport;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * One {@code arca server} process, as the Deployment runs it ({@code java @bin/arca.jvm-options -Xmx<heap>
 * -cp cli/target/arca-cli.jar:cli/target/lib/* dev.arca.cli.ArcaCommand server}), on a free loopback port for {@code /metrics} and {@code /readyz}.
 * Its output goes to {@code <work>/<label>.log}. {@link #close} stops it (SIGTERM, then SIGKILL after 10 s).
 */
final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Process process;
    private final Path log;
    private final int port;
    private final long startedNanos;

    private ServerProcess(Process process, Path log, int port, long startedNanos) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    static ServerProcess start(ServerBench.Run run, String namespace, String label) {
        Path repoRoot = run.repoRoot();
        Path work = run.work();
        Path cli = repoRoot.resolve("cli/target");
        String classpath = cli.resolve("arca-cli.jar") + File.pathSeparator + cli.resolve("lib") + File.separator + "*";
        int port = ServerSupport.freeLoopbackPort();
        Path log = work.resolve(label + ".log");
        // the image's launcher passes the shipped JVM options first (scripts/lib/images), so the Deployment's server runs
        // with them; without them the server ran another collector, other JIT thresholds and a walk that stats twice
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + dev.arca.bench.volumes.ShippedJvmOptions.file(repoRoot), "-Xmx" + run.heap()));
        command.addAll(run.javaOpts());
        command.addAll(java.util.List.of("-cp", classpath, "dev.arca.cli.ArcaCommand", "server", "--kubeconfig",
                run.kubeconfig().toString(), "-n", namespace, "--identity", label, "--metrics-address", "127.0.0.1:" + port,
                "--state-dir", work.resolve(label + "-state").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            long began = System.nanoTime();
            return new ServerProcess(builder.start(), log, port, began);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start arca server from " + cli + "; build it with"
                    + " 'mvn -B -DskipTests package -pl bench -am'", e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Time since the process was started. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    boolean ready() {
        return "200".equals(get("/readyz", false));
    }

    /** The Prometheus text of {@code /metrics}; empty when the server does not answer. */
    String metrics() {
        String body = get("/metrics", true);
        return body == null ? "" : body;
    }

    /** Waits until {@code condition} holds, polling every {@code every}; fails with the log's end after {@code max}. */
    void await(String what, Duration max, Duration every, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new Checks.Broken("arca server exited (" + process.exitValue() + ") while waiting for " + what
                        + "; its log ends:\n" + ServerSupport.tail(log, 30));
            }
            if (System.nanoTime() > deadline) {
                throw new Checks.Broken("gave up after " + max.toSeconds() + " s waiting for " + what + "; arca server's log"
                        + " (" + log + ") ends:\n" + ServerSupport.tail(log, 30));
            }
            ServerSupport.sleep(every, what);
        }
    }

    private String get(String path, boolean body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return body ? (r.statusCode() == 200 ? r.body() : null) : Integer.toString(r.statusCode());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking arca server for " + path, e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

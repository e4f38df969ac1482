package dev.arca.bench;

import dev.arca.fleet.members.FleetKey;
import dev.arca.testkit.ServerSupport;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code arca fleet hub} process, as the hub Deployment runs it ({@code java -cp cli/target/arca-cli.jar:cli/target/lib/*
 * dev.arca.cli.ArcaCommand fleet hub --kubeconfig HUB --resync 10s}) with the fleet passphrase in
 * {@code $ARCA_FLEET_PASSPHRASE}. Its output goes to {@code <work>/fleet-hub.log}. A daemon thread
 * reads its RSS from {@code /proc} once a second and keeps the peak. {@link #close} stops it
 * (SIGTERM, then SIGKILL after 10 s).
 */
final class FleetHubProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final AtomicLong peakRssKiB = new AtomicLong();
    private final Thread sampler;

    private FleetHubProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.sampler = new Thread(this::sample, "fleet-hub-rss");
        sampler.setDaemon(true);
        sampler.start();
    }

    static FleetHubProcess start(Path repoRoot, Path hubKubeconfig, char[] passphrase, String heap, Path work) {
        Path cli = repoRoot.resolve("cli/target");
        String classpath = cli.resolve("arca-cli.jar") + File.pathSeparator + cli.resolve("lib") + File.separator + "*";
        Path log = work.resolve("fleet-hub.log");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        String extra = System.getenv("FLEET_HUB_JAVA_OPTS"); // e.g. -XX:StartFlightRecording=filename=hub.jfr to profile the hub
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, "dev.arca.cli.ArcaCommand", "fleet", "hub", "--kubeconfig",
                hubKubeconfig.toString(), "--resync", "10s", "--identity", "bench-hub"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(FleetKey.PASSPHRASE_ENV, new String(passphrase));
        try {
            return new FleetHubProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start arca fleet hub from " + cli + "; build it with"
                    + " 'mvn -B -DskipTests package -pl bench -am'", e);
        }
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Fails with the end of the hub's log when the process has exited. */
    void requireAlive(String during) {
        if (!process.isAlive()) {
            throw new Checks.Broken("arca fleet hub exited (" + process.exitValue() + ") during " + during + "; its log ("
                    + log + ") ends:\n" + ServerSupport.tail(log, 30));
        }
    }

    /** The highest RSS seen so far, MiB. */
    double peakRssMiB() {
        return Math.max(peakRssKiB.get(), rssKiB()) / 1024.0;
    }

    /** The RSS now, MiB. */
    double rssMiB() {
        return rssKiB() / 1024.0;
    }

    /** CPU seconds (user + system) the process has used since it started. */
    double cpuSeconds() {
        return ProcSampler.cpuSeconds(read("stat"));
    }

    /** Lines of the hub's log that report an error or a warning (at most {@code max}), and how many there were. */
    LogTrouble trouble(int max) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("ERROR") || l.contains("WARN") || l.contains("Exception")).toList();
            return new LogTrouble(lines.size(), lines.subList(0, Math.min(max, lines.size())));
        } catch (IOException | UncheckedIOException e) {
            return new LogTrouble(-1, List.of("cannot read " + log + ": " + e.getMessage()));
        }
    }

    /** What the hub's log said went wrong: {@code count} lines in all, the first of them in {@code first}. */
    record LogTrouble(int count, List<String> first) {
    }

    private long rssKiB() {
        try {
            return ProcSampler.rssKiB(read("status"));
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    private void sample() {
        while (process.isAlive()) {
            peakRssKiB.accumulateAndGet(rssKiB(), Math::max);
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String read(String file) {
        Path path = Path.of("/proc", Long.toString(process.pid()), file);
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + " (" + e.getMessage() + "); did arca fleet hub exit?"
                    + " See " + log, e);
        }
    }

    @Override
    public void close() {
        sampler.interrupt();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

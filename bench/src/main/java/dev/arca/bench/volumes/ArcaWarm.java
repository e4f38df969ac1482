package dev.arca.bench.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Arca's volume repository in one long-lived JVM ({@code VolumeTool serve}), as the in-cluster
 * server runs it: no JVM start per operation, and code compiled by earlier work. {@link #init}
 * starts the JVM under GNU time, with {@link Arca}'s options (the server image ships the same
 * options file, see {@code scripts/lib/images}), and runs one throw-away backup of a small
 * generated tree into another location, outside the figures. Each operation's time is the wall
 * time the JVM measured itself around it (repository opened and closed, as in a one-off run).
 * Its peak RSS covers the whole life of the JVM, warm-up included, and is known once
 * {@link #close} has ended it.
 */
final class ArcaWarm implements Tool {
    /** The warm-up tree: small, generated like the mixed data set from its own seed. */
    static final long WARM_UP_BYTES = 64L << 20;
    private final Path location;
    private final Path warmUpDir;
    private final Path logDir;
    private final Duration timeout;
    private final List<String> jvm;
    private final long seed;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "arca-warm-reader");
        t.setDaemon(true);
        return t;
    });
    private Process process;
    private Writer commands;
    private BufferedReader results;
    private String lastSnapshot;
    private long sessionRssKiB = -1;
    private boolean timedOut;

    ArcaWarm(Path location, Path warmUpDir, Path logDir, Duration timeout, Arca.Jvm jvm, long seed) {
        this.location = location.toAbsolutePath();
        this.warmUpDir = warmUpDir.toAbsolutePath();
        this.logDir = logDir;
        this.timeout = timeout;
        this.jvm = jvm.command(VolumeTool.class.getName());
        this.seed = seed;
    }

    @Override
    public String name() {
        return VolumeOptions.WARM;
    }

    @Override
    public Path repository() {
        return location;
    }

    /** Starts the JVM and warms it with a backup of a small tree (not timed; the tree and its location are deleted). */
    @Override
    public void init() {
        DataSet.mkdirs(location);
        DataSet.mkdirs(logDir);
        start();
        Path data = warmUpDir.resolve("data");
        DataSet.generate(data, WARM_UP_BYTES, seed + 100, 2);
        Proc.Run run = send("arca-warm-up", List.of("backup", warmUpDir.resolve("location").toString(), data.toString(),
                Arca.VOLUME, "warm-up"));
        if (!run.ok()) {
            throw Tool.StepFailed.of(this, run, "warm-up backup of " + data);
        }
        Trees.delete(warmUpDir);
    }

    List<String> serveCommand() {
        List<String> c = new ArrayList<>();
        if (Files.isExecutable(Proc.GNU_TIME)) {
            c.addAll(List.of(Proc.GNU_TIME.toString(), "-f", "%M", "-o", logDir.resolve(name() + ".rss").toString(), "--"));
        }
        c.addAll(jvm);
        c.add("serve");
        return c;
    }

    private void start() {
        try {
            process = new ProcessBuilder(serveCommand()).directory(logDir.toFile())
                    .redirectError(logDir.resolve(name() + ".err").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the warm arca JVM (" + Tool.shell(serveCommand()) + "): " + e.getMessage(), e);
        }
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        results = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public Proc.Run backup(String label, Path source) {
        Proc.Run run = send(label, List.of("backup", location.toString(), source.toAbsolutePath().toString(), Arca.VOLUME, label));
        JsonNode summary = run.ok() ? Tool.lastJson(run, "id") : null;
        if (summary != null) {
            lastSnapshot = summary.path("id").asText();
        }
        return run;
    }

    @Override
    public Proc.Run restore(String label, Path target) {
        if (lastSnapshot == null) {
            throw new IllegalStateException("arca-warm restore before any backup");
        }
        return send(label, List.of("restore", location.toString(), lastSnapshot, target.toAbsolutePath().toString()));
    }

    @Override
    public Path restoredRoot(Path target, Path source) {
        return target;
    }

    @Override
    public String describe(Proc.Run backup) {
        return Arca.summary(Tool.lastJson(backup, "id"), backup) + " (time measured inside the warm JVM)";
    }

    /**
     * Sends one command and waits for its result line; the run's stdout file gets the summary (or
     * the error), its stderr is the JVM's, its wall time the one the JVM measured, its RSS unknown.
     */
    private Proc.Run send(String label, List<String> command) {
        Path out = logDir.resolve(label + ".out");
        List<String> shown = new ArrayList<>(List.of("VolumeTool", "serve", "<<<"));
        shown.addAll(command);
        String line = exchange(String.join("\t", command), label);
        JsonNode result = line == null ? null : parse(line);
        boolean ok = result != null && result.path("ok").asBoolean(false);
        String text = result == null ? "(no result: the warm JVM " + (line == null ? "ended or timed out" : "printed " + line) + ")"
                : ok ? result.path("summary").toString() : result.path("error").asText();
        try {
            Files.writeString(out, text + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        double seconds = result == null ? 0 : result.path("seconds").asDouble();
        return new Proc.Run(label, shown, ok ? 0 : 1, timedOut,
                Duration.ofNanos((long) (seconds * 1e9)), -1, out, logDir.resolve(name() + ".err"));
    }

    private String exchange(String command, String label) {
        try {
            commands.write(command + "\n");
            commands.flush();
            Future<String> next = reader.submit(results::readLine);
            return next.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timedOut = true;
            kill();
            return null;
        } catch (IOException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + label, e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    /** Ends the JVM (end of its input; killed after a minute) and reads its peak RSS. Safe to call again. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            commands.close();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                kill();
            }
            process.waitFor();
        } catch (IOException e) {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        } finally {
            process = null;
            reader.shutdownNow();
        }
        sessionRssKiB = Proc.peakRss(logDir.resolve(name() + ".rss"));
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public long sessionRssKiB() {
        return sessionRssKiB;
    }
}

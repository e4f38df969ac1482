package dev.arca.bench;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupPhase;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Part 3 of {@code bench/server}: N objects loaded as {@code bench/resources} loads them, one
 * backup of them by the server to warm it (JIT, caches), then a second one measured from the
 * Backup's creation to the status the server writes when it ends (polled every 100 ms; the
 * status's own timestamps, whole seconds, are printed too). The floor is the LIST of the same
 * types with pages of 5,000 items, the best floor of {@code bench/resources}, in the same run.
 */
final class WarmBackupPart {
    private static final int LARGE_PAGE_SIZE = 5000;
    private static final int LOAD_PARALLELISM = 16;
    private static final int LOAD_RETRIES = 5;
    private static final String SOURCE = "bench";
    private final ServerBench.Run run;
    private final CpuMeter cpu;
    private final PrintStream err;

    /**
     * @param backup       creation to the final status, polled
     * @param statusSeconds completionTimestamp - creationTimestamp (whole seconds each)
     * @param listFloor     the large-page LIST floor
     */
    record Result(Duration backup, long statusSeconds, Duration listFloor) {
    }

    WarmBackupPart(ServerBench.Run run, CpuMeter cpu, PrintStream err) {
        this.run = run;
        this.cpu = cpu;
        this.err = err;
    }

    Result measure(int objectCount, int namespaces) {
        BenchObjects objects = new BenchObjects(objectCount, namespaces);
        phase("load", () -> new Creator(run.client(), objects, LOAD_PARALLELISM, LOAD_RETRIES, err).createAll(SOURCE, "load"));
        ServerResources resources = new ServerResources(run.client(), "warm");
        resources.filesystemLocation(run.work().resolve("warm-location"), "1m");
        try (ServerProcess server = ServerProcess.start(run, resources.namespace(), "warm-server")) {
            server.await("the warm server to be Ready", Duration.ofMinutes(5), Duration.ofMillis(500), server::ready);
            phase("warm-up backup", () -> backup(resources, server, "warm-up"));
            Lister.Listing floor = phase("list_floor_large_pages", () -> new Lister(run.client(), LARGE_PAGE_SIZE).list(
                    List.of(BenchObjects.CONFIG_MAPS, BenchObjects.SECRETS), ns -> ns.startsWith(SOURCE + "-")));
            new Checks(objects).listedAll(floor);
            double serverCpu = serverCpu(server);
            Timed done = phase("server backup", () -> backup(resources, server, "measured"));
            err.printf("bench: warm: arca server used %.2f s of CPU during the measured backup%n", serverCpu(server) - serverCpu);
            Instant created = Instant.parse(done.backup().getMetadata().getCreationTimestamp());
            Instant completed = Instant.parse(done.backup().getStatus().getCompletionTimestamp());
            return new Result(done.wall(), Duration.between(created, completed).toSeconds(), floor.elapsed());
        }
    }

    private record Timed(Backup backup, Duration wall) {
    }

    private static double serverCpu(ServerProcess server) {
        try {
            return ProcSampler.cpuSeconds(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + server.pid() + "/stat")));
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
    }

    /** Creates a Backup of the loaded namespaces and waits for its end, polling its status. */
    private Timed backup(ServerResources resources, ServerProcess server, String name) {
        long began = System.nanoTime();
        resources.backup(name, List.of(SOURCE + "-*"));
        Backup[] last = new Backup[1];
        server.await("backup " + name + " to end", Duration.ofMinutes(30), Duration.ofMillis(100), () -> {
            last[0] = resources.get(name);
            return ServerResources.finished(last[0]);
        });
        Duration wall = Duration.ofNanos(System.nanoTime() - began);
        Backup b = last[0];
        if (b.getStatus().getPhase() != BackupPhase.Completed) {
            throw new Checks.Broken("backup " + name + " ended " + b.getStatus().getPhase() + ": "
                    + b.getStatus().getFailureReason() + "; see " + run.work().resolve("warm-server.log"));
        }
        long items = b.getStatus().getProgress().getItemsBackedUp();
        err.printf("bench: warm: backup %s Completed with %d items, %.2f s from creation to the final status%n", name,
                items, wall.toNanos() / 1e9);
        return new Timed(b, wall);
    }

    private <T> T phase(String name, Supplier<T> work) {
        Duration waited = cpu.awaitQuiet(Duration.ofSeconds(60));
        var before = cpu.snapshot();
        long began = System.nanoTime();
        T result = work.get();
        err.printf("bench: %s took %.2f s (after %.0f s waiting for a quiet control plane); cpu: %s%n", name,
                (System.nanoTime() - began) / 1e9, waited.toMillis() / 1000.0, CpuMeter.delta(before, cpu.snapshot()));
        return result;
    }
}

package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.archive.ArchiveJson;
import dev.arca.archive.LocationLayout;
import dev.arca.bench.volumes.ResticSide;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupPhase;
import dev.arca.storage.ObjectStore;
import dev.arca.testkit.kube.VolumeWorkload;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Part 4 of {@code bench/server}: bench/volumes' data set in a hostPath PersistentVolume, mounted
 * by a Pod that asks for its volume to be backed up (no node needed: the server reads a hostPath
 * volume in place). A backup of a 64 MiB tree warms the server, as bench/volumes' warm JVM is warmed;
 * its initial backup of the data set is timed; then, each round, after bench/volumes' 1%
 * mutation its incremental backup is timed from the Backup's creation to its final status (as a
 * watch delivers it), against restic's incremental backup of the same directory. Ratio as
 * bench/volumes prints it: restic / arca, of the medians.
 */
final class ServerVolumePart {
    private static final long SEED = 1;
    private static final double FRACTION = 0.01;
    private static final String APP = "vol-app";
    /** Backed up once before the timed backups, as bench/volumes' warm JVM does: the initial backup is then a warm server's. */
    private static final String WARM_UP = "vol-warmup";
    private static final int WARM_UP_MIB = 64;
    private final ServerBench.Run run;
    private final PrintStream err;
    /** The location, decrypted: encrypted with a passphrase, as users run it (restic's repository is encrypted too). */
    private ObjectStore location;

    /**
     * @param arcaInitial the warm server's initial backup; @param resticInitial restic's, same data
     * @param arca the server's incremental backups, one a round; @param restic restic's, same data, same rounds
     */
    record Result(Duration arcaInitial, Duration resticInitial, List<Duration> arca, List<Duration> restic) {
        double initialRatio() {
            return Figures.seconds(resticInitial) / Figures.seconds(arcaInitial);
        }

        Duration arcaMedian() {
            return median(arca);
        }

        Duration resticMedian() {
            return median(restic);
        }

        double ratio() {
            return Figures.seconds(resticMedian()) / Figures.seconds(arcaMedian());
        }

        private static Duration median(List<Duration> all) {
            List<Duration> sorted = all.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
        }
    }

    ServerVolumePart(ServerBench.Run run, PrintStream err) {
        this.run = run;
        this.err = err;
    }

    Result measure(int sizeMiB, int files, int rounds) {
        Path dir = run.work().resolve("volumes");
        Path data = dir.resolve("data");
        err.printf("bench: volumes: data set %s (%s)%n", ResticSide.generate(data, files, sizeMiB, SEED),
                ResticSide.version(dir.resolve("logs")));
        run.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(APP).endMetadata().build()).create();
        VolumeWorkload.deploy(run.client(), APP, data, Map.of("backup.arca.dev/volumes", "pgdata"));
        Path warmUp = dir.resolve("warm-up");
        ResticSide.generate(warmUp, 0, WARM_UP_MIB, SEED + 1000);
        run.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(WARM_UP).endMetadata().build())
                .create();
        VolumeWorkload.deploy(run.client(), WARM_UP, warmUp, Map.of("backup.arca.dev/volumes", "pgdata"));
        ServerResources resources = new ServerResources(run.client(), "vol");
        location = resources.encryptedFilesystemLocation(run.work().resolve("volumes/arca-location"), "1m");
        ResticSide restic = new ResticSide(dir, Duration.ofMinutes(30));
        try (ServerProcess server = ServerProcess.start(run, resources.namespace(), "volume-server")) {
            server.await("the volume server to be Ready", Duration.ofMinutes(5), Duration.ofMillis(500), server::ready);
            backup(resources, server, warmUp, WARM_UP, "vol-warm-up");
            Duration arcaInitial = backup(resources, server, data, APP, "vol-initial");
            ResticSide.warmCache(data);
            Duration resticInitial = restic.backup("restic-initial", data).wall();
            err.printf("bench: volumes: restic initial backup %.2f s%n", Figures.seconds(resticInitial));
            // rounds as bench/volumes runs them: a server does incremental backups night after night, so its JIT has
            // compiled their paths (the unchanged files, the parent's listings) by then, not at its second backup ever
            List<Duration> arca = new java.util.ArrayList<>();
            List<Duration> restics = new java.util.ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                err.printf("bench: volumes: round %d mutation: %s%n", round, ResticSide.mutate(data, FRACTION, SEED + round));
                arca.add(backup(resources, server, data, APP, "vol-incremental-" + round));
                ResticSide.warmCache(data);
                ResticSide.Result r = restic.backup("restic-incremental-" + round, data);
                err.printf("bench: volumes: round %d restic incremental backup %.2f s: %s%n", round, Figures.seconds(r.wall()),
                        r.summary());
                restics.add(r.wall());
            }
            return new Result(arcaInitial, resticInitial, arca, restics);
        }
    }

    /**
     * The claim's record in the backup's {@code volumes.json}, read from the location (the server
     * does not put volume counts in the Backup's status yet).
     */
    private JsonNode volumeRecord(String backup) {
        String key = LocationLayout.backupFile(backup, LocationLayout.VOLUMES);
        try {
            JsonNode all = ArchiveJson.mapper().readTree(location.getBytes(key));
            return all.size() == 1 ? all.get(0) : all;
        } catch (java.io.IOException | RuntimeException e) {
            throw new Checks.Broken("cannot read " + key + " of the location (" + e + "); did backup " + backup
                    + " take the volume?");
        }
    }

    /** Backs {@code namespace} up as Backup {@code name}; its time from creation to final status, as a watch sees it. */
    private Duration backup(ServerResources resources, ServerProcess server, Path data, String namespace, String name) {
        ResticSide.warmCache(data);
        // the final status's arrival, as a watch delivers it: polling alone would add half its period on average
        java.util.concurrent.atomic.AtomicLong seenEnded = new java.util.concurrent.atomic.AtomicLong();
        long[] polledEnd = new long[1];
        Backup[] last = new Backup[1];
        long began;
        try (io.fabric8.kubernetes.client.Watch watch = run.client().resources(Backup.class).inNamespace(resources.namespace())
                .withName(name).watch(new io.fabric8.kubernetes.client.Watcher<Backup>() {
                    @Override
                    public void eventReceived(Action action, Backup b) {
                        if (ServerResources.finished(b)) {
                            seenEnded.compareAndSet(0, System.nanoTime());
                        }
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException e) {
                        err.printf("bench: volumes: the watch of backup %s closed early (%s); its end is the poll's%n", name,
                                e.getClass().getSimpleName());
                    }
                })) {
            began = System.nanoTime();
            resources.backup(name, List.of(namespace));
            server.await("backup " + name + " to end", Duration.ofMinutes(30), Duration.ofMillis(100), () -> {
                last[0] = resources.get(name);
                polledEnd[0] = System.nanoTime();
                return ServerResources.finished(last[0]);
            });
        }
        // whichever saw the end first: the poll can win the race with the watch's event
        long ended = seenEnded.get() != 0 ? Math.min(seenEnded.get(), polledEnd[0]) : polledEnd[0];
        Duration wall = Duration.ofNanos(ended - began);
        Backup b = last[0];
        JsonNode volume = volumeRecord(name);
        if (b.getStatus().getPhase() != BackupPhase.Completed || !"BackedUp".equals(volume.path("status").asText())) {
            throw new Checks.Broken("backup " + name + " ended " + b.getStatus().getPhase() + " with its volume " + volume
                    + " (" + java.util.Objects.requireNonNullElse(b.getStatus().getFailureReason(), "no failure reason")
                    + "); see " + run.work().resolve("volume-server.log"));
        }
        JsonNode snapshot = volume.path("snapshot");
        err.printf("bench: volumes: arca server backup %s Completed in %.2f s (creation to final status): %d files, %d"
                + " unchanged, %.1f MiB read, %.1f MiB new%n", name, Figures.seconds(wall), snapshot.path("files").asLong(),
                snapshot.path("filesUnchanged").asLong(), snapshot.path("bytesRead").asLong() / 1048576.0,
                snapshot.path("bytesNew").asLong() / 1048576.0);
        return wall;
    }
}

package dev.arca.bench;

import dev.arca.engine.ClusterAccess;
import dev.arca.server.resources.Crds;
import dev.arca.testkit.ServerSupport;
import dev.arca.testkit.kube.LocalControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code bench/server}: what {@code arca server} costs and how fast it works, against a fresh
 * local control plane (no node), each part with its own server process and namespace:
 * {@link IdleServerPart} (RSS and CPU of an idle server), {@link SyncPart} (a location of many
 * backups on s3proxy, first and unchanged sync, against one LIST of the bucket) and
 * {@link WarmBackupPart} (a large backup by the warm server against the large-page LIST floor).
 * Prints one line on stdout, details on stderr; exits 0 unless the run broke, never on a time.
 */
public final class ServerBench {
    private final ServerBenchOptions options;
    private final PrintStream err;

    /** What every part shares: the checkout, the control plane, the work directory and the servers' JVM options. */
    record Run(Path repoRoot, Path kubeconfig, KubernetesClient client, Path work, String heap, List<String> javaOpts) {
    }

    ServerBench(ServerBenchOptions options, PrintStream err) {
        this.options = options;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the benchmark; returns 0, 1 when the run broke, 2 for bad flags. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return BenchMain.run(args, out, err, ServerBenchOptions::parse, ServerBenchOptions::help, ServerBenchOptions.USAGE,
                o -> new ServerBench(o, err).measure().line());
    }

    ServerFigures measure() {
        long began = System.nanoTime();
        Path repoRoot = ResourceBench.repoRoot();
        Path work = workDir();
        err.printf("bench: server benchmark, parts %s: %d Schedules and %d backups idle for %.2f min; sync of %d backups on s3proxy;"
                        + " warm backup of %d objects over %d namespaces; %d MiB of volume data; arca server -Xmx%s%s; %d processors; work dir %s%n",
                options.parts(), options.schedules(), options.idleBackups(), options.minutes(), options.syncBackups(), options.objects(),
                options.namespaces(), options.volumeMiB(), options.heap(),
                options.javaOpts().isEmpty() ? "" : " " + String.join(" ", options.javaOpts()), Runtime.getRuntime().availableProcessors(), work);
        try (LocalControlPlane plane = LocalControlPlane.start(repoRoot);
             KubernetesClient client = ClusterAccess.connect(plane.kubeconfig(), null, 16)) {
            Crds.apply(client, "arca-bench", Duration.ofSeconds(60));
            Run run = new Run(repoRoot, plane.kubeconfig(), client, work, options.heap(), options.javaOpts());
            ProcSampler.Sample idle = !runs("idle") ? null : new IdleServerPart(run, err).measure(options.schedules(),
                    options.idleBackups(), options.minutes());
            SyncPart.Result sync = !runs("sync") ? null : new SyncPart(run, err).measure(options.syncBackups());
            WarmBackupPart.Result warm = !runs("warm") ? null : new WarmBackupPart(run,
                    new CpuMeter(plane.kubeconfig().getParent()), err).measure(options.objects(), options.namespaces());
            ServerVolumePart.Result volumes = !runs("volumes") ? null : new ServerVolumePart(run, err).measure(options.volumeMiB(),
                    options.volumeFiles(), options.rounds());
            err.printf("bench: whole run %.0f s%n", (System.nanoTime() - began) / 1e9);
            return new ServerFigures(idle, sync, warm, volumes);
        } finally {
            if (!options.keep()) {
                ServerSupport.deleteTree(work);
            } else {
                err.println("bench: kept " + work);
            }
        }
    }

    private boolean runs(String part) {
        return options.parts().contains(part);
    }

    private Path workDir() {
        try {
            return options.workDir() != null ? Files.createDirectories(options.workDir())
                    : Files.createTempDirectory("arca-bench-server-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory", e);
        }
    }
}

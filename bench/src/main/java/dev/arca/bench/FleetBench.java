package dev.arca.bench;

import dev.arca.engine.ClusterAccess;
import dev.arca.fleet.members.FleetCrds;
import dev.arca.fleet.members.FleetKey;
import dev.arca.fleet.members.MemberCredentials;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterSpec;
import dev.arca.testkit.ServerSupport;
import dev.arca.testkit.kube.LocalControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/fleet}: how the fleet hub scales. A hub control plane and N member control planes
 * (no node), the members joined to workspace {@value #WORKSPACE} as {@code arca fleet join} does (a
 * sealed Secret and a MemberCluster), an {@code arca fleet hub} process ({@link FleetHubProcess}),
 * and {@link FleetRound}s of M ConfigMaps created and changed on the hub; then the floor: the same
 * N x M ConfigMaps created directly on the members. Prints one line on stdout, details on stderr;
 * exits 0 unless the run broke, never on a time.
 */
public final class FleetBench {
    static final String WORKSPACE = "bench";
    private static final char[] PASSPHRASE = "arca fleet bench passphrase".toCharArray();
    private final FleetBenchOptions options;
    private final PrintStream err;

    FleetBench(FleetBenchOptions options, PrintStream err) {
        this.options = options;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the benchmark; returns 0, 1 when the run broke, 2 for bad flags. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return BenchMain.run(args, out, err, FleetBenchOptions::parse, FleetBenchOptions::help, FleetBenchOptions.USAGE,
                o -> new FleetBench(o, err).measure().line());
    }

    FleetFigures measure() {
        long began = System.nanoTime();
        Path repoRoot = ResourceBench.repoRoot();
        Path work = workDir();
        err.printf("bench: fleet benchmark: %d members, %d objects, scaling %s; arca fleet hub -Xmx%s; %d processors;"
                        + " load average %s; work dir %s%n", options.members(), options.objects(), options.scaling(), options.heap(),
                Runtime.getRuntime().availableProcessors(), loadAverage(), work);
        List<LocalControlPlane> planes = new ArrayList<>();
        try {
            LocalControlPlane hubPlane = started(planes, repoRoot, "hub");
            List<FleetRound.Member> members = new ArrayList<>();
            for (int i = 0; i < options.members(); i++) {
                LocalControlPlane plane = started(planes, repoRoot, "member-" + i);
                members.add(new FleetRound.Member("member-" + i, ClusterAccess.connect(plane.kubeconfig(), null, 16)));
            }
            try (KubernetesClient hub = ClusterAccess.connect(hubPlane.kubeconfig(), null, 16)) {
                join(hub, planes.subList(1, planes.size()), members);
                FleetFigures figures = rounds(repoRoot, hubPlane, hub, members, work);
                err.printf("bench: whole run %.0f s; load average now %s%n", (System.nanoTime() - began) / 1e9, loadAverage());
                return figures;
            } finally {
                members.forEach(m -> m.client().close());
            }
        } finally {
            for (int i = planes.size() - 1; i >= 0; i--) {
                planes.get(i).close();
            }
            if (!options.keep()) {
                ServerSupport.deleteTree(work);
            } else {
                err.println("bench: kept " + work);
            }
        }
    }

    private FleetFigures rounds(Path repoRoot, LocalControlPlane hubPlane, KubernetesClient hub, List<FleetRound.Member> members,
                                Path work) {
        int n = options.members();
        int m = options.objects();
        Duration create;
        Duration update;
        Duration one = null;
        Duration quarter = null;
        double peak;
        double end;
        double cpu;
        FleetHubProcess.LogTrouble trouble;
        try (FleetHubProcess process = FleetHubProcess.start(repoRoot, hubPlane.kubeconfig(), PASSPHRASE, options.heap(), work)) {
            awaitReady(hub, process);
            FleetRound round = new FleetRound(hub, process, err);
            err.printf("bench: create and update of %d ConfigMaps on %d members (hub RSS %.0f MiB before)%n", m, n, process.rssMiB());
            round.prepare("fleet-main", WORKSPACE, members, true);
            create = round.create("fleet-main", m, members);
            update = round.update("fleet-main", m, members);
            if (options.scaling()) {
                Duration[] growth = growth(round, members);
                one = growth[0];
                quarter = growth[1];
            }
            peak = process.peakRssMiB();
            end = process.rssMiB();
            cpu = process.cpuSeconds();
            trouble = process.trouble(10);
        }
        err.printf("bench: arca fleet hub: RSS peak %.0f MiB, end %.0f MiB, CPU %.1f s; %d log lines with an error, warning or"
                + " exception%s%n", peak, end, cpu, trouble.count(), trouble.first().isEmpty() ? "" : ", the first:\n  "
                + String.join("\n  ", trouble.first()));
        Duration floor = floor(members, m);
        return new FleetFigures(n, m, create, update, floor, peak, end, cpu, trouble.count(), one, quarter);
    }

    /** The growth rounds: create of M objects on the first member only, then of M/4 on every member. */
    private Duration[] growth(FleetRound round, List<FleetRound.Member> members) {
        int m = options.objects();
        err.printf("bench: growth: %d ConfigMaps on 1 member, then %d on %d members%n", m, m / 4, members.size());
        round.prepare("fleet-one", WORKSPACE, members.subList(0, 1), false);
        Duration one = round.create("fleet-one", m, members.subList(0, 1));
        round.prepare("fleet-quarter", WORKSPACE, members, true);
        return new Duration[] {one, round.create("fleet-quarter", m / 4, members)};
    }

    /** The bench's own client creating M ConfigMaps on each member directly, 16 threads spread over the members. */
    private Duration floor(List<FleetRound.Member> members, int count) {
        String ns = "fleet-floor";
        members.forEach(mem -> mem.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .endMetadata().build()).create());
        int n = members.size();
        Duration took = ParallelWork.run("floor-create", n * count, FleetRound.PARALLELISM, i -> members.get(i % n).client()
                .configMaps().inNamespace(ns).resource(FleetRound.configMap(ns, i / n, 1)).create(), done -> { });
        for (FleetRound.Member mem : members) {
            int held = FleetRound.holding(mem, ns, 1);
            if (held != count) {
                throw new Checks.Broken("the floor created " + held + " of " + count + " ConfigMaps on " + mem.name());
            }
        }
        err.printf("bench: floor: %d ConfigMaps created directly on %d members in %.1f s%n", n * count, n, took.toNanos() / 1e9);
        return took;
    }

    /** Joins every member to the workspace as {@code arca fleet join} does: a sealed kubeconfig Secret and a MemberCluster. */
    private void join(KubernetesClient hub, List<LocalControlPlane> planes, List<FleetRound.Member> members) {
        FleetCrds.install(hub);
        hub.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(WORKSPACE).endMetadata().build()).create();
        FleetKey key = new FleetKey(PASSPHRASE.clone(), null);
        for (int i = 0; i < members.size(); i++) {
            String name = members.get(i).name();
            byte[] kubeconfig = read(planes.get(i).kubeconfig());
            Map<String, String> sealed = MemberCredentials.seal(kubeconfig, WORKSPACE, name, key);
            hub.secrets().inNamespace(WORKSPACE).resource(new SecretBuilder().withNewMetadata().withName(name + "-credentials")
                    .endMetadata().withData(sealed).build()).create();
            MemberCluster mc = new MemberCluster();
            mc.getMetadata().setNamespace(WORKSPACE);
            mc.getMetadata().setName(name);
            mc.setSpec(new MemberClusterSpec());
            mc.getSpec().credentials = new MemberClusterSpec.SecretKey(name + "-credentials", MemberCredentials.KUBECONFIG);
            hub.resource(mc).create();
        }
    }

    /** Waits (untimed) until the hub process has marked every MemberCluster Ready. */
    private void awaitReady(KubernetesClient hub, FleetHubProcess process) {
        long began = System.nanoTime();
        long deadline = began + Duration.ofMinutes(3).toNanos();
        while (true) {
            List<MemberCluster> all = hub.resources(MemberCluster.class).inNamespace(WORKSPACE).list().getItems();
            long ready = all.stream().filter(FleetBench::ready).count();
            if (ready == options.members()) {
                err.printf("bench: the hub marked all %d members Ready after %.1f s%n", ready, (System.nanoTime() - began) / 1e9);
                return;
            }
            process.requireAlive("its start");
            if (System.nanoTime() > deadline) {
                throw new Checks.Broken("arca fleet hub marked only " + ready + " of " + options.members() + " members Ready in 3"
                        + " minutes; its log (" + process.log() + ") ends:\n" + ServerSupport.tail(process.log(), 30));
            }
            ServerSupport.sleep(Duration.ofMillis(500), "members Ready");
        }
    }

    private static boolean ready(MemberCluster mc) {
        return mc.getStatus() != null && mc.getStatus().conditions != null && mc.getStatus().conditions.stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private LocalControlPlane started(List<LocalControlPlane> planes, Path repoRoot, String what) {
        long began = System.nanoTime();
        LocalControlPlane plane = LocalControlPlane.start(repoRoot);
        planes.add(plane);
        err.printf("bench: %s control plane up at %s in %.1f s%n", what, plane.apiServerUrl(), (System.nanoTime() - began) / 1e9);
        return plane;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + file, e);
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private Path workDir() {
        try {
            return options.workDir() != null ? Files.createDirectories(options.workDir())
                    : Files.createTempDirectory("arca-bench-fleet-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory", e);
        }
    }
}

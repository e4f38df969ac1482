package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.ClusterAccess;
import dev.arca.testkit.kube.LocalControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code bench/resources}: how close Arca's backup and restore of many small objects come to
 * what the API server allows. In one run against a fresh local control plane: load N ConfigMaps
 * and Secrets, then time the LIST floor, {@code arca backup create}, the create floor and
 * {@code arca restore create}, each after the control plane has gone quiet. Prints one line on
 * stdout; progress, CPU per phase and heap details on stderr. Exits 0 unless the run broke
 * (a failed command, a missing object), never because of a time.
 */
public final class ResourceBench {
    static final String SOURCE = "bench";
    static final String FLOOR = "floor";
    static final String RESTORED = "restored";
    static final String BACKUP = "bench";
    static final String RESTORE = "bench-restore";
    private static final int PAGE_SIZE = 500;
    /** About the page Arca's collector grows to on these ~1.5 KB objects (engine/backup/PageSizer: 8 MiB). */
    private static final int LARGE_PAGE_SIZE = 5000;
    private static final int LOAD_RETRIES = 5;
    private static final Duration QUIET_MAX = Duration.ofSeconds(60);

    private final BenchOptions options;
    private final BenchObjects objects;
    private final Checks checks;
    private final PrintStream out;
    private final PrintStream err;

    ResourceBench(BenchOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.objects = new BenchObjects(options.objects(), options.namespaces());
        this.checks = new Checks(objects);
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the benchmark; returns 0, 1 when the run broke, 2 for bad flags. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return BenchMain.run(args, out, err, BenchOptions::parse, BenchOptions::help, BenchOptions.USAGE,
                o -> new ResourceBench(o, out, err).measure().line());
    }

    Figures measure() {
        long began = System.nanoTime();
        Path repoRoot = repoRoot();
        Path work = workDir();
        err.printf("bench: %d objects (%d ConfigMaps, %d Secrets, ~%d B of data each) over %d namespaces; arca JVMs with -Xmx%s%s;"
                        + " work dir %s%n", objects.count(), objects.configMaps(), objects.secrets(), BenchObjects.PAYLOAD_BYTES,
                options.namespaces(), options.heap(), options.arcaJavaOpts().isEmpty() ? "" : " " + options.arcaJavaOpts(), work);
        try (LocalControlPlane plane = LocalControlPlane.start(repoRoot);
             KubernetesClient client = ClusterAccess.connect(plane.kubeconfig(), null, options.parallelism())) {
            ArcaCli arca = new ArcaCli(repoRoot, plane.kubeconfig(), work, options.heap(), options.arcaJavaOpts(), options.jfr());
            Figures figures = measure(client, new CpuMeter(plane.kubeconfig().getParent()), arca, plane.kubeconfig(), work);
            err.printf("bench: whole run %.0f s; etcd database %s%n", (System.nanoTime() - began) / 1e9,
                    etcdSize(plane.kubeconfig().getParent()));
            return figures;
        } finally {
            if (!options.keep()) {
                deleteRecursively(work);
            } else {
                err.println("bench: kept " + work);
            }
        }
    }

    private Figures measure(KubernetesClient client, CpuMeter cpu, ArcaCli arca, Path kubeconfig, Path work) {
        Lister lister = new Lister(client, PAGE_SIZE);
        phase(cpu, "load", () -> new Creator(client, objects, options.loadParallelism(), LOAD_RETRIES, err)
                .createAll(SOURCE, "load"));

        Lister.Listing floor = phase(cpu, "list_floor", () -> lister.list(
                List.of(BenchObjects.CONFIG_MAPS, BenchObjects.SECRETS), ns -> ns.startsWith(SOURCE + "-")));
        checks.listedAll(floor);
        err.printf("bench: list_floor listed %s in %d pages (benchmark objects: %s)%n", floor.listed(), floor.pages(), floor.bench());
        Lister.Listing largePages = phase(cpu, "list_floor_large_pages", () -> new Lister(client, LARGE_PAGE_SIZE).list(
                List.of(BenchObjects.CONFIG_MAPS, BenchObjects.SECRETS), ns -> ns.startsWith(SOURCE + "-")));
        checks.listedAll(largePages);
        err.printf("bench: list_floor_large_pages_s=%.2f (the same LISTs with limit=%d, about the page size Arca's backup"
                + " reaches on these objects; not part of the figures)%n", Figures.seconds(largePages.elapsed()), LARGE_PAGE_SIZE);
        Duration cold = phase(cpu, "list_floor_cold_jvm", () -> ColdListFloor.run(kubeconfig, options.parallelism(), PAGE_SIZE,
                options.heap(), work));
        err.printf("bench: list_floor_cold_jvm_s=%.2f (the same LISTs in a fresh JVM with -Xmx%s, JVM start included;"
                + " not part of the figures)%n", Figures.seconds(cold), options.heap());

        arca.ensureBuilt();
        ArcaCli.Run backup = phase(cpu, "backup", () -> arca.measured("backup", "backup", "create", BACKUP,
                "--include-namespaces", SOURCE + "-*"));
        requireSuccess(backup);
        BackupManifest manifest = checks.backupCoversAll(arca.locationDir(), BACKUP, SOURCE);
        err.printf("bench: backup_s / list_floor_large_pages_s = %.2f (the backup against a floor with pages as large as its"
                + " own; not part of the figures)%n", Figures.seconds(backup.wall()) / Figures.seconds(largePages.elapsed()));
        err.printf("bench: backup %s: %d items %s, %d bytes of resources.tar.zst; heap peak %.0f MiB, live after GC at most %.0f MiB,"
                        + " %d GC pauses (-Xmx%s)%n", manifest.phase(), manifest.itemCount(), manifest.counts(),
                manifest.files().get(LocationLayout.RESOURCES).size(), backup.gc().peakMiB(), backup.gc().liveMiB(),
                backup.gc().pauses(), options.heap());

        Duration createFloor = phase(cpu, "create_floor", () -> new Creator(client, objects, options.parallelism(), 0, err)
                .createAll(FLOOR, "create_floor"));

        arca.ensureBuilt();
        ArcaCli.Run restore = phase(cpu, "restore", () -> arca.measured("restore", "restore", "create", RESTORE,
                "--from-backup", BACKUP, "--namespace-mappings", mappings(), "--parallelism", Integer.toString(options.parallelism())));
        requireSuccess(restore);
        JsonNode record = checks.restoreRecord(arca.locationDir(), RESTORE);
        checks.restoredAll(lister, RESTORED);
        err.printf("bench: restore %s: counts %s; heap peak %.0f MiB, live after GC at most %.0f MiB (-Xmx%s)%n",
                record.path("phase").asText(), record.path("counts"), restore.gc().peakMiB(), restore.gc().liveMiB(), options.heap());

        return new Figures(backup.wall(), floor.elapsed(), restore.wall(), createFloor, backup.gc().peakMiB());
    }

    /** Waits for the control plane to go quiet, then runs one phase and reports its time and CPU on stderr. */
    private <T> T phase(CpuMeter cpu, String name, Supplier<T> work) {
        Duration waited = cpu.awaitQuiet(QUIET_MAX);
        Map<String, Double> before = cpu.snapshot();
        long began = System.nanoTime();
        T result = work.get();
        double seconds = (System.nanoTime() - began) / 1e9;
        err.printf("bench: %s took %.2f s (after %.0f s waiting for a quiet control plane); cpu: %s%n", name, seconds,
                waited.toMillis() / 1000.0, CpuMeter.delta(before, cpu.snapshot()));
        return result;
    }

    private static void requireSuccess(ArcaCli.Run run) {
        if (run.exitCode() != 0) {
            throw new Checks.Broken("arca " + run.label() + " failed (exit " + run.exitCode() + "); its output ends:\n"
                    + run.tail() + "(full output in " + run.stderr() + " with --keep)");
        }
        if (run.gc() == null) {
            throw new Checks.Broken("arca " + run.label() + " wrote no GC log; is JAVA_OPTS passed to its JVM?");
        }
    }

    /** {@code bench-000:restored-000,bench-001:restored-001,...} */
    private String mappings() {
        List<String> from = objects.namespaceNames(SOURCE);
        List<String> to = objects.namespaceNames(RESTORED);
        return IntStream.range(0, from.size()).mapToObj(i -> from.get(i) + ":" + to.get(i)).collect(Collectors.joining(","));
    }

    /** The size of etcd's database file (it has a 2 GiB quota by default). */
    private static String etcdSize(Path clusterDir) {
        try {
            return String.format("%.0f MiB", Files.size(clusterDir.resolve("etcd/member/snap/db")) / (1024.0 * 1024.0));
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static Path repoRoot() {
        String configured = System.getProperty("ARCA_REPO_ROOT", System.getenv("ARCA_REPO_ROOT"));
        Path start = Path.of(configured != null && !configured.isBlank() ? configured : System.getProperty("user.dir"));
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/arca")) && Files.isExecutable(dir.resolve("scripts/local-cluster"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Arca checkout (bin/arca, scripts/local-cluster) from " + start
                + "; run bench/resources, or set ARCA_REPO_ROOT");
    }

    private Path workDir() {
        try {
            Path dir = options.workDir() != null ? Files.createDirectories(options.workDir())
                    : Files.createTempDirectory("arca-bench-");
            if (dir.toString().chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalStateException("the work directory " + dir + " holds a space, which JAVA_OPTS cannot carry;"
                        + " choose another with --work-dir");
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary directory is harmless
        }
    }
}

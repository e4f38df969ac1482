package dev.arca.cli;

import dev.arca.server.controller.ArcaServer;
import dev.arca.server.controller.MetricsObserver;
import dev.arca.server.http.BindAddress;
import dev.arca.server.http.ServerHttp;
import dev.arca.server.metrics.ServerMetrics;
import dev.arca.server.resources.Resources;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code arca server}: the controllers as a process, what the in-cluster Deployment runs. It acts
 * only while it holds the Lease {@code arca-server} in its namespace, and exits when it loses it,
 * so that another process takes over and resumes what this one left.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the Arca server: schedules, backups, restores, sync and retention of the arca.dev resources.")
final class ServerCommand implements Callable<Integer>, ArcaCommand.NeedsEnv {
    /** How old the resources behind the metrics may be (a scrape reads them at most this often). */
    private static final java.time.Duration SNAPSHOT_AGE = java.time.Duration.ofSeconds(2);
    private static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    Map<String, String> env = Map.of();

    @Mixin ClusterOptions cluster;
    @Option(names = {"-n", "--namespace"}, description = "The namespace of the server's resources, Secrets and Lease "
            + "(default: $POD_NAMESPACE, the pod's own namespace, or '" + Resources.DEFAULT_NAMESPACE + "').")
    String namespace;
    @Option(names = "--identity", description = "This process's name in the Lease (default: $POD_NAME, or the host name and pid).")
    String identity;
    @Option(names = "--concurrent-runs", defaultValue = "2", description = "Backups and restores run at once (default: ${DEFAULT-VALUE}).")
    int concurrentRuns;
    @Option(names = "--state-dir", paramLabel = "DIR", description = "A private directory for credential files "
            + "(default: $ARCA_HOME/server, or /tmp/arca-server).")
    Path stateDir;
    @Option(names = "--metrics-address", defaultValue = ":8085", description = "Where /metrics, /healthz and /readyz are "
            + "served (default: ${DEFAULT-VALUE}).")
    String metricsAddress;

    @Override
    public void env(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        String ns = namespace();
        String id = identity != null ? identity : env.getOrDefault("POD_NAME", hostName() + "-" + ProcessHandle.current().pid());
        Path state = stateDir != null ? stateDir
                : env.get("ARCA_HOME") != null ? Path.of(env.get("ARCA_HOME"), "server") : Path.of("/tmp/arca-server");
        CountDownLatch stopped = new CountDownLatch(1);
        BindAddress address = BindAddress.parse(metricsAddress);
        ServerMetrics metrics = new ServerMetrics(java.time.Clock.systemUTC());
        try (KubernetesClient client = cluster.connect(env, 8)) {
            ArcaServer server = ArcaServer.start(client, ArcaServer.Options.defaults(ns, id, state)
                    .withConcurrentRuns(concurrentRuns).withObserver(new MetricsObserver(metrics)));
            metrics.refreshAtScrape(atMostEvery(SNAPSHOT_AGE, server::snapshot));
            ServerHttp http = ServerHttp.start(address, metrics::scrape, () -> true, server::ready);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                http.close();
                server.close();
                stopped.countDown();
            }, "arca-server-stop"));
            System.err.println("arca server " + id + " started in namespace " + ns + " (metrics, /healthz, /readyz on "
                    + http.address() + "); it acts while it holds Lease " + ns + "/" + ArcaServer.LEASE);
            stopped.await();
        }
        return ExitCode.OK;
    }

    /**
     * {@code source}, read again only when its last value is older than {@code age}: a scrape lists
     * every Backup of the namespace, which must not happen at each of several scrapers' requests.
     */
    static <T> java.util.function.Supplier<T> atMostEvery(java.time.Duration age, java.util.function.Supplier<T> source) {
        Object lock = new Object();
        Object[] value = new Object[1];
        long[] readAt = {0};
        return () -> {
            synchronized (lock) {
                long now = System.nanoTime();
                if (value[0] == null || now - readAt[0] > age.toNanos()) {
                    value[0] = source.get();
                    readAt[0] = now;
                }
                @SuppressWarnings("unchecked")
                T t = (T) value[0];
                return t;
            }
        };
    }

    private String namespace() throws IOException {
        if (namespace != null) {
            return namespace;
        }
        String fromEnv = env.get("POD_NAMESPACE");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        if (Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)) {
            return Files.readString(SERVICE_ACCOUNT_NAMESPACE).strip();
        }
        return Resources.DEFAULT_NAMESPACE;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "arca-server";
        }
    }
}

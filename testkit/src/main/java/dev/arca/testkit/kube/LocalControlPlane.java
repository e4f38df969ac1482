package dev.arca.testkit.kube;

import dev.arca.testkit.ServerSupport;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes cluster on loopback: etcd, kube-apiserver (token auth, RBAC) and
 * kube-controller-manager, started by {@code scripts/local-cluster start --no-node} in a fresh
 * temporary directory and stopped by {@code scripts/local-cluster stop}; with
 * {@link #startWithNode()} also one node, {@code localhost}, that runs pods (kube-scheduler, a
 * kubelet with containerd, kube-proxy, a CNI bridge) from the images built here.
 *
 * <p>Guarantees: when {@link #start()} returns, the API server answers {@code /readyz} and the
 * controller-manager has been started (its controllers, such as the namespace and ReplicaSet
 * controllers, catch up within seconds; wait for their effects with bounded polling). Without
 * a node Pods stay {@code Pending}; with one, {@link #startWithNode()} returns once the node is
 * Ready. Every instance has its own ports, etcd and kubeconfig; only one node runs per machine
 * (the script refuses a second). {@link #close()} stops every process, unmounts and removes the
 * directory, the node's bridge and iptables rules; a JVM shutdown hook does the same if a test
 * run never calls it, so nothing outlives the JVM unless the JVM is killed outright (then the
 * next start with a node cleans up what the dead one left).
 *
 * <p>The binaries are built once by {@code scripts/local-cluster install}; when they are
 * missing, {@link #start()} fails at once with a message that says so.
 */
public final class LocalControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalControlPlane.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** The first start with a node may build the images (a few minutes each, once). */
    private static final Duration NODE_START_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> PROCESSES = List.of("kube-proxy", "kube-scheduler", "kubelet", "containerd",
            "controller-manager", "apiserver", "etcd");

    private final Path stateDir;
    private final Teardown teardown;
    private final Thread shutdownHook;
    private final KubernetesClient client;
    private final String apiServerUrl;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final boolean node;
    private final Path binDir;

    private LocalControlPlane(Path stateDir, Teardown teardown, Thread shutdownHook, Config config, boolean node,
            Path binDir) {
        this.stateDir = stateDir;
        this.node = node;
        this.binDir = binDir;
        this.teardown = teardown;
        this.shutdownHook = shutdownHook;
        this.apiServerUrl = config.getMasterUrl().replaceAll("/+$", "");
        this.client = new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * Starts a control plane with the script of the checkout found from {@code user.dir} or
     * named by {@code ARCA_REPO_ROOT} (system property or environment variable).
     *
     * @throws IllegalStateException when the binaries are not installed, the script is not
     *     found, or the control plane does not become ready (the message carries the logs)
     */
    public static LocalControlPlane start() {
        return start(ClusterScript.locate().repoRoot());
    }

    /**
     * Starts a control plane with {@code repoRoot/scripts/local-cluster}.
     *
     * @throws IllegalStateException as {@link #start()}
     */
    public static LocalControlPlane start(Path repoRoot) {
        return start(repoRoot, false);
    }

    /**
     * Starts a cluster with one node that runs pods, like {@link #start()}, and returns once the
     * node is Ready.
     *
     * @throws IllegalStateException as {@link #start()}, and when another node runs on this machine
     */
    public static LocalControlPlane startWithNode() {
        return start(ClusterScript.locate().repoRoot(), true);
    }

    private static LocalControlPlane start(Path repoRoot, boolean node) {
        ClusterScript script = new ClusterScript(repoRoot);
        Path home = createHome();
        Path stateDir = home.resolve("cluster");
        Teardown teardown = new Teardown(script, home, stateDir);
        Thread hook = new Thread(teardown, "arca-local-control-plane-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Path binDir = script.requireInstalled(stateDir);
            long began = System.nanoTime();
            ClusterScript.Result started = node
                    ? script.run(stateDir, "start", NODE_START_TIMEOUT)
                    : script.run(stateDir, "start", START_TIMEOUT, "--no-node");
            if (!started.ok()) {
                throw new IllegalStateException("scripts/local-cluster start failed (exit " + started.exitCode()
                        + ") in " + stateDir + ":\n" + started.output() + ClusterScript.logTails(stateDir));
            }
            Config config = Config.fromKubeconfig(readKubeconfig(stateDir));
            LocalControlPlane plane = new LocalControlPlane(stateDir, teardown, hook, config, node, binDir);
            LOG.info("local control plane ready at {} in {} ms (state in {})", plane.apiServerUrl,
                    Duration.ofNanos(System.nanoTime() - began).toMillis(), stateDir);
            return plane;
        } catch (RuntimeException e) {
            removeHook(hook);
            teardown.run();
            throw e;
        }
    }

    /** The kubeconfig file (cluster-admin token, loopback server) for {@code kubectl} and clients. */
    public Path kubeconfig() {
        return stateDir.resolve("kubeconfig");
    }

    /**
     * A client for this control plane, acting as cluster-admin. It is shared and owned by this
     * object: callers must not close it; {@link #close()} does.
     */
    public KubernetesClient client() {
        return client;
    }

    /** Whether this cluster has a node, {@code localhost}, that runs pods. */
    public boolean hasNode() {
        return node;
    }

    /** The {@code kubectl} built with this cluster (use it with {@link #kubeconfig()}). */
    public Path kubectl() {
        return binDir.resolve("kubectl");
    }

    /** The directory holding this cluster's state (logs, pid files, the node's containerd and kubelet). */
    public Path stateDir() {
        return stateDir;
    }

    /** The API server's base URL, e.g. {@code https://127.0.0.1:41234} (no trailing slash). */
    public String apiServerUrl() {
        return apiServerUrl;
    }

    /** Stops the processes and removes the state directory; later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        client.close();
        removeHook(shutdownHook);
        teardown.run();
    }

    @Override
    public String toString() {
        return "LocalControlPlane[" + apiServerUrl + (node ? ", node" : "") + ", " + stateDir + "]";
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; the teardown runs once either way
        }
    }

    /**
     * Stops one control plane exactly once: runs the script's {@code stop}, then kills whatever
     * the pid files still name, then removes the directory. Never throws, as it runs in cleanup
     * paths and in a shutdown hook.
     */
    private static final class Teardown implements Runnable {
        private final ClusterScript script;
        private final Path home;
        private final Path stateDir;
        private final AtomicBoolean done = new AtomicBoolean();

        Teardown(ClusterScript script, Path home, Path stateDir) {
            this.script = script;
            this.home = home;
            this.stateDir = stateDir;
        }

        @Override
        public void run() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            List<Long> pids = readPids(stateDir);
            try {
                ClusterScript.Result stopped = script.run(stateDir, "stop", STOP_TIMEOUT);
                if (!stopped.ok()) {
                    LOG.warn("scripts/local-cluster stop failed (exit {}); killing the processes:\n{}",
                            stopped.exitCode(), stopped.output());
                }
            } catch (RuntimeException e) {
                LOG.warn("scripts/local-cluster stop failed; killing the processes", e);
            }
            // the script's stop escalates to SIGKILL itself; this covers a script that failed
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            List<String> mounts = mountsUnder(home);
            if (!mounts.isEmpty()) {
                // a local volume's bind mount would let a recursive delete reach the volume's real data
                LOG.error("not removing {}: still mounted below it: {}; run 'ARCA_CLUSTER_DIR={} scripts/local-cluster stop'",
                        home, mounts, stateDir);
                return;
            }
            ServerSupport.deleteTree(home);
            LOG.info("local control plane in {} stopped", stateDir);
        }
    }

    /** Mount points at or below {@code dir}, from /proc/self/mountinfo (empty where there is none). */
    static List<String> mountsUnder(Path dir) {
        Path mountinfo = Path.of("/proc/self/mountinfo");
        if (!Files.isReadable(mountinfo)) {
            return List.of();
        }
        String prefix = dir.toAbsolutePath().normalize().toString();
        try {
            return Files.readAllLines(mountinfo, StandardCharsets.UTF_8).stream()
                    .map(line -> line.split(" ")[4].replace("\\040", " "))
                    .filter(target -> target.equals(prefix) || target.startsWith(prefix + "/"))
                    .toList();
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", mountinfo, e.toString());
            return List.of(prefix + " (mounts unknown: " + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<Long> readPids(Path stateDir) {
        List<Long> pids = new ArrayList<>();
        for (String name : PROCESSES) {
            Path pidFile = stateDir.resolve(name + ".pid");
            if (!Files.isRegularFile(pidFile)) {
                continue;
            }
            try {
                pids.add(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip()));
            } catch (IOException | NumberFormatException e) {
                LOG.warn("cannot read {}: {}", pidFile, e.toString());
            }
        }
        return pids;
    }

    private static Path createHome() {
        try {
            return Files.createTempDirectory("arca-control-plane-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the control plane", e);
        }
    }

    private static String readKubeconfig(Path stateDir) {
        Path kubeconfig = stateDir.resolve("kubeconfig");
        try {
            return Files.readString(kubeconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("scripts/local-cluster start wrote no kubeconfig at " + kubeconfig, e);
        }
    }

}

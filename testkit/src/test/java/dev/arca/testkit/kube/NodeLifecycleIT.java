package dev.arca.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.arca.testkit.ServerSupport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node's whole life: a stop leaves no process, mount, network device or iptables rule behind,
 * and a start after every process of a node was killed with SIGKILL cleans up what they left
 * and works. It starts its own clusters; as one node runs per machine, the extension stops its
 * shared cluster with a node first ({@link OwnsNode}).
 */
@OwnsNode
@ExtendWith(ControlPlaneExtension.class)
class NodeLifecycleIT {

    private static final String BRIDGE = "arca-cni0";
    /** The sleeper pod's process, by a command line nothing else on the machine has. */
    private static final String SLEEP = "/bin/sleep 3601";

    @Test
    void aStartAfterAKillMinusNineCleansUpAndAStopLeavesNothingBehind() throws Exception {
        Snapshot before = Snapshot.take();
        LocalControlPlane crashed = LocalControlPlane.startWithNode();
        LocalControlPlane next = null;
        Path crashedState = crashed.stateDir();
        Path nextState = null;
        try {
            runSleeper(crashed.client());
            assertThat(Leftovers.mountsUnder(crashedState)).as("the pod's secret volume and rootfs are mounted").isNotEmpty();
            assertThat(Leftovers.links()).anySatisfy(l -> assertThat(l).contains(BRIDGE));
            assertThat(Leftovers.processesMentioning(SLEEP)).isNotEmpty();

            List<Long> killed = Leftovers.killAll(crashedState);
            assertThat(killed).hasSize(7);
            assertThat(Leftovers.processesMentioning(crashedState.toString()))
                    .as("the pod's shims outlive their node until someone cleans up").isNotEmpty();
            assertThat(Leftovers.processesMentioning(SLEEP)).as("and so does the pod").isNotEmpty();

            next = LocalControlPlane.startWithNode();
            nextState = next.stateDir();
            assertThat(Leftovers.processesMentioning(crashedState.toString())).isEmpty();
            assertThat(Leftovers.processesMentioning(SLEEP)).as("the crashed node's pod").isEmpty();
            assertThat(Leftovers.mountsUnder(crashedState)).isEmpty();
            NodeIT.runToCompletion(next.client(), "default", "after-crash", "echo alive");
            runSleeper(next.client());
        } finally {
            if (next != null) {
                next.close();
            }
            crashed.close();
        }

        for (Path state : nextState == null ? List.of(crashedState) : List.of(crashedState, nextState)) {
            assertThat(Leftovers.processesMentioning(state.toString())).as("processes of %s", state).isEmpty();
            assertThat(Leftovers.mountsUnder(state)).as("mounts under %s", state).isEmpty();
            assertThat(state).doesNotExist();
        }
        assertThat(Leftovers.processesMentioning(SLEEP)).as("the pods' processes").isEmpty();
        Snapshot after = Snapshot.take();
        assertThat(after.links()).as("network devices").containsExactlyInAnyOrderElementsOf(before.links());
        assertThat(after.iptables()).as("iptables rules and chains").containsExactlyInAnyOrderElementsOf(before.iptables());
        assertThat(after.sysctls()).as("sysctls").isEqualTo(before.sysctls());
        assertThat(after.shimSockets()).as("shim sockets").containsExactlyInAnyOrderElementsOf(before.shimSockets());
        assertThat(after.cniResults()).as("CNI results").containsExactlyInAnyOrderElementsOf(before.cniResults());
        assertThat(after.podLogs()).as("pod log directories").containsExactlyInAnyOrderElementsOf(before.podLogs());
        assertThat(Path.of(System.getenv().getOrDefault("ARCA_NODE_CLAIM", "/run/arca-local-node"))).doesNotExist();
    }

    @Test
    void aStartOrAStopKilledPartWayIsFinishedByTheNextStop() throws Exception {
        Snapshot before = Snapshot.take();
        ClusterScript script = ClusterScript.locate();
        Path home = Files.createTempDirectory("arca-node-killed-");
        Path state = home.resolve("cluster");
        try {
            // killed while containerd and the kubelet start (the images are being imported)
            killPartWay(script, state, "start", "node/containerd.sock");
            assertThat(Leftovers.processesMentioning(state.toString())).as("what the killed start started").isNotEmpty();
            ClusterScript.Result stopped = script.run(state, "stop", Duration.ofMinutes(2));
            assertThat(stopped.exitCode()).as(stopped.output()).isZero();
            assertThat(Leftovers.processesMentioning(state.toString())).isEmpty();

            ClusterScript.Result started = script.run(state, "start", Duration.ofMinutes(20));
            assertThat(started.exitCode()).as(started.output()).isZero();
            // killed while it stops: the next stop finishes the job
            killPartWay(script, state, "stop", null);
            ClusterScript.Result again = script.run(state, "stop", Duration.ofMinutes(2));
            assertThat(again.exitCode()).as(again.output()).isZero();
        } finally {
            script.run(state, "stop", Duration.ofMinutes(2));
            ServerSupport.deleteTree(home);
        }
        assertThat(Leftovers.processesMentioning(state.toString())).isEmpty();
        assertThat(Leftovers.mountsUnder(state)).isEmpty();
        Snapshot after = Snapshot.take();
        assertThat(after.links()).as("network devices").containsExactlyInAnyOrderElementsOf(before.links());
        assertThat(after.iptables()).as("iptables").containsExactlyInAnyOrderElementsOf(before.iptables());
        assertThat(after.sysctls()).as("sysctls").isEqualTo(before.sysctls());
    }

    /**
     * Runs {@code scripts/local-cluster command} and SIGKILLs the script (not what it started) once
     * {@code marker} exists in the state directory, or after a second when there is none.
     */
    private static void killPartWay(ClusterScript script, Path state, String command, String marker) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(script.repoRoot().resolve("scripts/local-cluster").toString(), command)
                .directory(script.repoRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("ARCA_CLUSTER_DIR", state.toString());
        Process process = builder.start();
        if (marker == null) {
            Thread.sleep(1000);
        } else {
            await().atMost(Duration.ofMinutes(5)).until(() -> Files.exists(state.resolve(marker)) || !process.isAlive());
        }
        process.destroyForcibly().waitFor();
    }

    /** A running pod with a secret volume (a tmpfs mount by the kubelet) and an emptyDir. */
    private static void runSleeper(KubernetesClient client) {
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("token")
                .endMetadata().addToStringData("token", "not-a-secret").build()).create();
        Pod pod = client.pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("sleeper").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L)
                .withContainers(NodeIT.container("sleeper", "echo up; exec " + SLEEP))
                .editFirstContainer()
                .addNewVolumeMount().withName("token").withMountPath("/token").endVolumeMount()
                .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("token").withNewSecret().withSecretName("token").endSecret().endVolume()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build()).create();
        await().atMost(NodeIT.POD_TIMEOUT).until(() -> "Running".equals(
                client.pods().inNamespace("default").withName(pod.getMetadata().getName()).get().getStatus().getPhase()));
    }

    /** What a node can leave on the machine, read from /proc, ip and iptables-save. */
    static final class Leftovers {
        private Leftovers() {
        }

        static List<String> mountsUnder(Path dir) throws IOException {
            String prefix = dir.toAbsolutePath().toString();
            List<String> found = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String target = line.split(" ")[4].replace("\\040", " ");
                if (target.equals(prefix) || target.startsWith(prefix + "/")) {
                    found.add(target);
                }
            }
            return found;
        }

        /** Processes whose command line holds {@code needle} (a state directory, a pod's command). */
        static List<Long> processesMentioning(String needle) {
            return ProcessHandle.allProcesses()
                    .filter(p -> p.pid() != ProcessHandle.current().pid())
                    .filter(p -> cmdline(p.pid()).contains(needle))
                    .map(ProcessHandle::pid)
                    .toList();
        }

        /** SIGKILL to every process of the state dir's pid files, and to nothing else. */
        static List<Long> killAll(Path state) throws IOException {
            List<Long> pids = new ArrayList<>();
            try (Stream<Path> files = Files.list(state)) {
                for (Path pidFile : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                    long pid = Long.parseLong(Files.readString(pidFile).strip());
                    ProcessHandle.of(pid).ifPresent(p -> {
                        p.destroyForcibly();
                        pids.add(pid);
                    });
                }
            }
            for (long pid : pids) {
                await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            }
            return pids;
        }

        static List<String> links() {
            return run("ip", "-o", "link", "show");
        }

        static List<String> iptables() {
            List<String> rules = new ArrayList<>();
            for (String table : List.of("raw", "mangle", "nat", "filter")) {
                rules.addAll(run("iptables-save", "-t", table));
            }
            return rules;
        }

        private static String cmdline(long pid) {
            try {
                return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                        StandardCharsets.UTF_8).replace('\0', ' ');
            } catch (IOException | RuntimeException gone) {
                return "";
            }
        }

        static List<String> run(String... command) {
            ProcessOutput.Finished done = ProcessOutput.run(List.of(command), Duration.ofSeconds(60));
            assertThat(done.exitCode()).as("%s:%n%s", String.join(" ", command), done.output()).isZero();
            return done.output().lines().toList();
        }
    }

    /** What the machine holds that a node could change, taken before and after. */
    record Snapshot(List<String> links, List<String> iptables, List<String> sysctls, List<String> shimSockets,
            List<String> cniResults, List<String> podLogs) {

        static Snapshot take() throws Exception {
            return new Snapshot(
                    Leftovers.links().stream().map(l -> l.replaceFirst("^\\d+: ", "").replaceFirst(":.*$", "")).toList(),
                    Leftovers.iptables().stream().filter(l -> l.startsWith("-") || l.startsWith(":"))
                            .map(l -> l.replaceFirst(" \\[\\d+:\\d+\\]$", "")).toList(),
                    Leftovers.run("sysctl", "net.ipv4.ip_forward", "net.ipv4.conf.all.route_localnet", "kernel.panic",
                            "kernel.panic_on_oops", "vm.overcommit_memory"),
                    names(Path.of("/run/containerd/s")), names(Path.of("/var/lib/cni/results")),
                    names(Path.of("/var/log/pods")));
        }

        private static List<String> names(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.map(p -> p.getFileName().toString()).sorted().toList();
            }
        }
    }
}

package dev.arca.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A node's whole life: a stop leaves no process, mount, network device or iptables rule behind,
 * and a start after every process of a node was killed with SIGKILL cleans up what they left
 * and works. It starts its own clusters (one node per machine), so failsafe runs it in a JVM of
 * its own, after the tests that share the extension's cluster.
 */
class NodeLifecycleIT {

    private static final String BRIDGE = "arca-cni0";
    /** The sleeper pod's process, by a command line nothing else on the machine has. */
    private static final String SLEEP = "/bin/sleep 3601";

    @Test
    void aStartAfterAKillMinusNineCleansUpAndAStopLeavesNothingBehind() throws Exception {
        LocalControlPlane crashed = LocalControlPlane.startWithNode();
        Path crashedState = crashed.stateDir();
        Pod sleeper = runSleeper(crashed.client());
        assertThat(Leftovers.mountsUnder(crashedState)).as("the pod's secret volume and rootfs are mounted").isNotEmpty();
        assertThat(Leftovers.links()).anySatisfy(l -> assertThat(l).contains(BRIDGE));

        List<Long> killed = Leftovers.killAll(crashedState);
        assertThat(killed).hasSizeGreaterThanOrEqualTo(7);
        assertThat(Leftovers.processesMentioning(crashedState))
                .as("the pod's processes outlive their node until someone cleans up").isNotEmpty();

        LocalControlPlane next = LocalControlPlane.startWithNode();
        Path nextState = next.stateDir();
        try {
            assertThat(Leftovers.processesMentioning(crashedState)).isEmpty();
            assertThat(Leftovers.processesMentioning(Path.of(SLEEP))).as("the crashed node's pod").isEmpty();
            assertThat(Leftovers.mountsUnder(crashedState)).isEmpty();
            Pod done = NodeIT.runToCompletion(next.client(), "default", "after-crash", "echo alive");
            assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
            runSleeper(next.client());
        } finally {
            next.close();
            crashed.close();
        }

        assertThat(sleeper.getMetadata().getName()).isEqualTo("sleeper");
        for (Path state : List.of(crashedState, nextState)) {
            assertThat(Leftovers.processesMentioning(state)).as("processes of %s", state).isEmpty();
            assertThat(Leftovers.mountsUnder(state)).as("mounts under %s", state).isEmpty();
            assertThat(state).doesNotExist();
        }
        assertThat(Leftovers.processesMentioning(Path.of(SLEEP))).as("the pods' processes").isEmpty();
        assertThat(Leftovers.links()).noneSatisfy(l -> assertThat(l).contains(BRIDGE));
        assertThat(Leftovers.iptables()).noneSatisfy(rule -> assertThat(rule).containsAnyOf("KUBE-", "arca-local-node"));
        assertThat(Path.of("/run/arca-local-node")).doesNotExist();
    }

    /** A running pod with a secret volume (a tmpfs mount by the kubelet) and an emptyDir. */
    private static Pod runSleeper(KubernetesClient client) {
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
                client.pods().inNamespace("default").withName("sleeper").get().getStatus().getPhase()));
        return pod;
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

        /** Processes whose command line names {@code dir} (containerd, kubelet, shims, etcd, ...). */
        static List<Long> processesMentioning(Path dir) {
            String needle = dir.toAbsolutePath().toString();
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

        static List<String> links() throws Exception {
            return run("ip", "-o", "link", "show");
        }

        static List<String> iptables() throws Exception {
            List<String> rules = new ArrayList<>();
            for (String table : List.of("nat", "filter", "mangle")) {
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

        private static List<String> run(String... command) throws Exception {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as("%s:%n%s", String.join(" ", command), output).isZero();
            return output.lines().toList();
        }
    }
}

package dev.arca.testkit.kube;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The containerd of a {@link LocalControlPlane} with a node, asked with {@code ctr} what it runs:
 * for tests that must see past the API server (did the containers really go?).
 */
public final class Containerd {

    private final Path address;

    public Containerd(LocalControlPlane plane) {
        if (!plane.hasNode()) {
            throw new IllegalStateException(plane + " has no node, so no containerd; start it with startWithNode()");
        }
        this.address = plane.stateDir().resolve("node/containerd.sock");
    }

    /** The ids of the containers (pod sandboxes included) of pods in Kubernetes namespace {@code namespace}. */
    public List<String> containersOfNamespace(String namespace) {
        return ctr("containers", "ls", "--quiet", "labels.\"io.kubernetes.pod.namespace\"==" + namespace);
    }

    /** The image references containerd holds for the node. */
    public List<String> images() {
        return ctr("images", "ls", "--quiet");
    }

    private List<String> ctr(String... args) {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", address.toString(), "-n", "k8s.io"));
        command.addAll(List.of(args));
        ProcessOutput.Finished finished = ProcessOutput.run(command, Duration.ofSeconds(60));
        if (finished.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + finished.exitCode() + ":\n"
                    + finished.output());
        }
        return finished.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}

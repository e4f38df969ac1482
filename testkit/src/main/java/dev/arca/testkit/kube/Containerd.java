package dev.arca.testkit.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ctr for " + address, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running ctr for " + address, e);
        }
    }
}

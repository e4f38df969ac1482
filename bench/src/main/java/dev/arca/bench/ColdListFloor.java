package dev.arca.bench;

import dev.arca.engine.ClusterAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The LIST floor once more, but in a fresh JVM with the arca JVM's heap bound: what a process
 * that only lists pays for JVM start, class loading and JIT compilation. Not part of the figures;
 * it tells how much of {@code backup_s - list_floor_s} is the cold JVM and how much is Arca's own
 * work. {@link #main} is the child's entry point; {@link #run} starts the child and times it.
 */
final class ColdListFloor {
    private ColdListFloor() {
    }

    /** Child: lists configmaps and secrets across all namespaces; prints the item count. */
    public static void main(String[] args) {
        try (KubernetesClient client = ClusterAccess.connect(Path.of(args[0]), null, Integer.parseInt(args[1]))) {
            Lister.Listing listing = new Lister(client, Integer.parseInt(args[2]))
                    .list(List.of(BenchObjects.CONFIG_MAPS, BenchObjects.SECRETS), ns -> true);
            System.out.println(listing.total());
        }
    }

    /** Runs the child with this JVM's class path and {@code -Xmx heap}; returns its wall time, JVM start included. */
    static Duration run(Path kubeconfig, int parallelism, int pageSize, String heap, Path workDir) {
        Path out = workDir.resolve("cold-list.out");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), ColdListFloor.class.getName(),
                kubeconfig.toString(), Integer.toString(parallelism), Integer.toString(pageSize))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        try {
            long began = System.nanoTime();
            int exit = builder.start().waitFor();
            Duration wall = Duration.ofNanos(System.nanoTime() - began);
            if (exit != 0) {
                throw new Checks.Broken("the cold-JVM LIST floor failed (exit " + exit + "): "
                        + Files.readString(out, StandardCharsets.UTF_8).strip());
            }
            return wall;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for the cold LIST floor", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the cold LIST floor", e);
        }
    }
}

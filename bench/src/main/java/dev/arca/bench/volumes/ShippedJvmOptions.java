package dev.arca.bench.volumes;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM options file every arca run gets ({@code bin/arca.jvm-options}), which both benchmarks
 * pass to the arca JVMs they start so that they measure what users run. Checked before a JVM is
 * started: without it a server would start with other options, or not at all, and the benchmark
 * would wait minutes for its readiness.
 */
public final class ShippedJvmOptions {
    static final String FILE = "bin/arca.jvm-options";

    private ShippedJvmOptions() {
    }

    /** The file in the checkout at {@code repoRoot}. */
    public static Path file(Path repoRoot) {
        Path file = repoRoot.toAbsolutePath().normalize().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("arca's JVM options file " + file + " is missing; run the benchmark through its"
                    + " script from a checkout (bench/volumes and bench/server set -DARCA_REPO_ROOT), or restore " + FILE);
        }
        return file;
    }
}

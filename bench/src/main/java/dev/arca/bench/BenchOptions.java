package dev.arca.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The flags of {@code bench/resources}.
 *
 * @param objects         ConfigMaps and Secrets to load, half and half
 * @param namespaces      namespaces they are spread over (round robin)
 * @param loadParallelism POSTs in flight while loading (not measured)
 * @param parallelism     POSTs in flight for the create floor; also arca's restore --parallelism
 * @param heap            the -Xmx of the arca JVMs, e.g. {@code 256m}
 * @param arcaJavaOpts    more JVM options for the arca JVMs (for experiments), space-separated; "" for none
 * @param workDir         where ARCA_HOME, the logs and the backup go; null: a fresh temporary one
 * @param keep            keep the work directory afterwards (always when it was named)
 * @param jfr             record a JFR of each arca JVM into the work directory (implies keep)
 * @param help            print the usage and do nothing else
 */
record BenchOptions(int objects, int namespaces, int loadParallelism, int parallelism, String heap, String arcaJavaOpts,
                    Path workDir,
                    boolean keep, boolean jfr, boolean help) {

    static final String USAGE = """
            usage: bench/resources [--objects N] [--namespaces M] [--parallelism P] [--load-parallelism L]
                                   [--heap SIZE] [--arca-java-opts OPTS] [--work-dir DIR] [--keep] [--jfr]

            Loads N ConfigMaps and Secrets (~1 KB each, half and half) over M namespaces into a fresh local
            control plane, then measures in one run: the LIST floor, 'arca backup create' (separate JVM,
            -Xmx SIZE), the create floor (P parallel POSTs) and 'arca restore create' with namespace mappings.
            Prints one line of figures on stdout; details on stderr. Never fails on a time.

              --objects N           objects to load (default 100000)
              --namespaces M        namespaces to spread them over (default 100)
              --parallelism P       POSTs in flight for the create floor and arca's restore (default 16)
              --load-parallelism L  POSTs in flight while loading, not measured (default 16)
              --heap SIZE           -Xmx of the arca JVMs (default 256m)
              --arca-java-opts OPTS more options for the arca JVMs, e.g. '-XX:TieredStopAtLevel=1' (experiments)
              --work-dir DIR        keep ARCA_HOME, logs and GC logs there (default: a temporary directory,
                                    deleted at the end)
              --keep                do not delete the work directory
              --jfr                 record a JFR of each arca JVM into the work directory (implies --keep)
            """;

    BenchOptions {
        if (objects < 1) {
            throw new IllegalArgumentException("--objects must be at least 1, got " + objects);
        }
        if (namespaces < 1 || namespaces > 10_000) {
            throw new IllegalArgumentException("--namespaces must be 1..10000, got " + namespaces);
        }
        if (loadParallelism < 1 || loadParallelism > 256 || parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException("--parallelism and --load-parallelism must be 1..256");
        }
        if (!heap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--heap must be a JVM size such as 256m, got " + heap);
        }
    }

    static BenchOptions defaults() {
        return new BenchOptions(100_000, 100, 16, 16, "256m", "", null, false, false, false);
    }

    /** @throws IllegalArgumentException for an unknown flag or a bad value; the message says which */
    static BenchOptions parse(List<String> args) {
        int objects = 100_000;
        int namespaces = 100;
        int load = 16;
        int parallelism = 16;
        String heap = "256m";
        String javaOpts = "";
        Path workDir = null;
        boolean keep = false;
        boolean jfr = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--objects" -> objects = number(flag, value(args, ++i, flag));
                case "--namespaces" -> namespaces = number(flag, value(args, ++i, flag));
                case "--load-parallelism" -> load = number(flag, value(args, ++i, flag));
                case "--parallelism" -> parallelism = number(flag, value(args, ++i, flag));
                case "--heap" -> heap = value(args, ++i, flag);
                case "--arca-java-opts" -> javaOpts = value(args, ++i, flag).strip();
                case "--work-dir" -> workDir = Path.of(value(args, ++i, flag)).toAbsolutePath().normalize();
                case "--keep" -> keep = true;
                case "--jfr" -> jfr = true;
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown flag " + flag + "; see --help");
            }
        }
        return new BenchOptions(objects, namespaces, load, parallelism, heap, javaOpts, workDir, keep || jfr || workDir != null, jfr, help);
    }

    /** The value after flag {@code flag} at {@code args[i]}; refused when the flag is last. */
    static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value; see --help");
        }
        return args.get(i);
    }

    /** A whole number (with optional {@code _} separators) for {@code flag}, or a clear refusal. */
    static int number(String flag, String value) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, got \"" + value + "\"");
        }
    }
}

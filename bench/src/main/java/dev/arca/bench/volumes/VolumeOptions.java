package dev.arca.bench.volumes;

import java.nio.file.Path;
import java.util.List;

/**
 * The flags of {@code bench/volumes}.
 *
 * @param sizeMiB      size of the generated data set
 * @param seed         seed of the data set and of the mutation
 * @param rounds       rounds; odd rounds run restic first in every step, even ones arca first
 * @param fraction     share of the bytes the mutation changes before the incremental backups
 * @param tools        the tools to run, in the first round's order
 * @param heap         -Xmx of the arca JVMs
 * @param arcaJavaOpts more JVM options for the arca JVMs, space-separated; "" for none
 * @param work         the work directory; null for bench/target/volumes-work
 * @param keep         keep the work directory afterwards
 * @param threads      writers while generating the data set (not measured)
 * @param timeoutMin   minutes one operation may take before it is killed and the run fails
 * @param help         print the usage and do nothing else
 */
record VolumeOptions(int sizeMiB, long seed, int rounds, double fraction, List<String> tools, String heap, String arcaJavaOpts,
                     Path work, boolean keep, int threads, int timeoutMin, boolean help) {

    static final String USAGE = """
            usage: bench/volumes [--size-mib N] [--rounds R] [--seed S] [--change F] [--tools restic,arca]
                                 [--heap SIZE] [--arca-java-opts OPTS] [--work DIR] [--keep] [--timeout-min M]

            Generates N MiB of mixed data (60% small files, 25% in four large files, 15% incompressible)
            from a seed, then for restic (Debian's) and Arca's volume repository, alternating in each step:
            initial backup; changes F of the bytes; incremental backup; full restore of the latest snapshot
            (checked against the source); repository size. Each operation is its own process under GNU time
            (wall time, peak RSS). Prints one line of figures on stdout, details on stderr; never fails on a time.

              --size-mib N          data set size (default 2048; 256 is a quick run)
              --rounds R            rounds (default 1); round 2 runs arca first in every step; times are the
                                    median over rounds (the mean for two), sizes and RSS from the last round
              --seed S              data and mutation seed (default 1)
              --change F            fraction of the bytes changed before the incremental backups (default 0.01)
              --tools LIST          restic,arca (default), or just one of them to measure it alone
              --heap SIZE           -Xmx of the arca JVMs (default 1g)
              --arca-java-opts OPTS more options for the arca JVMs, e.g. '-XX:+UseParallelGC' (experiments)
              --work DIR            work directory (default bench/target/volumes-work; emptied first,
                                    deleted at the end unless --keep)
              --keep                keep the work directory (data, repositories, logs)
              --threads T           writers while generating the data (default: the number of cores)
              --timeout-min M       kill an operation after M minutes and fail (default 60)
            """;

    VolumeOptions {
        if (sizeMiB < 16) {
            throw new IllegalArgumentException("--size-mib must be at least 16, got " + sizeMiB);
        }
        if (rounds < 1 || rounds > 10) {
            throw new IllegalArgumentException("--rounds must be 1..10, got " + rounds);
        }
        if (!(fraction > 0 && fraction <= 0.5)) {
            throw new IllegalArgumentException("--change must be in (0, 0.5], got " + fraction);
        }
        if (tools.isEmpty() || !List.of("restic", "arca").containsAll(tools) || tools.stream().distinct().count() != tools.size()) {
            throw new IllegalArgumentException("--tools takes restic, arca or both, comma-separated; got " + tools);
        }
        if (!heap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--heap must be a JVM size such as 1g, got " + heap);
        }
        if (threads < 1 || timeoutMin < 1) {
            throw new IllegalArgumentException("--threads and --timeout-min must be at least 1");
        }
    }

    /** @throws IllegalArgumentException for an unknown flag or a bad value; the message says which */
    static VolumeOptions parse(List<String> args) {
        int size = 2048;
        long seed = 1;
        int rounds = 1;
        double fraction = 0.01;
        List<String> tools = List.of("restic", "arca");
        String heap = "1g";
        String javaOpts = "";
        Path work = null;
        boolean keep = false;
        int threads = Runtime.getRuntime().availableProcessors();
        int timeout = 60;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--size-mib" -> size = (int) number(flag, value(args, ++i, flag));
                case "--rounds" -> rounds = (int) number(flag, value(args, ++i, flag));
                case "--seed" -> seed = number(flag, value(args, ++i, flag));
                case "--change" -> fraction = fraction(flag, value(args, ++i, flag));
                case "--tools" -> tools = List.of(value(args, ++i, flag).split(","));
                case "--heap" -> heap = value(args, ++i, flag);
                case "--arca-java-opts" -> javaOpts = value(args, ++i, flag).strip();
                case "--work" -> work = Path.of(value(args, ++i, flag)).toAbsolutePath().normalize();
                case "--keep" -> keep = true;
                case "--threads" -> threads = (int) number(flag, value(args, ++i, flag));
                case "--timeout-min" -> timeout = (int) number(flag, value(args, ++i, flag));
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown flag " + flag + "; see --help");
            }
        }
        return new VolumeOptions(size, seed, rounds, fraction, tools, heap, javaOpts, work, keep, threads, timeout, help);
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value; see --help");
        }
        return args.get(i);
    }

    private static long number(String flag, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, got \"" + value + "\"");
        }
    }

    private static double fraction(String flag, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a number such as 0.01, got \"" + value + "\"");
        }
    }
}

package dev.arca.bench.volumes;

import java.nio.file.Path;
import java.util.List;

/**
 * The flags of {@code bench/volumes}.
 *
 * @param sizeMiB      size of the generated data set
 * @param files        0 for the mixed data set; else the number of files of a many-files tree ({@link ManyFiles})
 * @param seed         seed of the data set and of the mutation
 * @param rounds       rounds; each round rotates the tool order by one, so each tool goes first in turn
 * @param fraction     share of the bytes (and of the files) the mutation changes before the incremental backups
 * @param tools        the tools to run, in the first round's order ({@code arca-warm} last when {@code --warm})
 * @param warm         also run Arca's backups and restore in one long-lived JVM ({@code arca-warm})
 * @param heap         -Xmx of the arca JVMs
 * @param arcaJavaOpts more JVM options for the arca JVMs, space-separated; "" for none
 * @param work         the work directory; null for bench/target/volumes-work
 * @param keep         keep the work directory afterwards
 * @param sharedFs     restore beside the data instead of onto a new file system each time
 * @param threads      writers while generating the data set (not measured)
 * @param timeoutMin   minutes one operation may take before it is killed and the run fails
 * @param help         print the usage and do nothing else
 */
record VolumeOptions(int sizeMiB, int files, long seed, int rounds, double fraction, List<String> tools, boolean warm,
                     String heap, String arcaJavaOpts, Path work, boolean keep, int threads, int timeoutMin, boolean sharedFs,
                     boolean help) {
    /** The tools {@code --tools} may name, in their default order. */
    static final List<String> TOOLS = List.of("restic", "borg", "arca");
    static final String WARM = "arca-warm";

    static final String USAGE = """
            usage: bench/volumes [--size-mib N] [--files N] [--rounds R] [--seed S] [--change F]
                                 [--tools restic,borg,arca] [--warm] [--heap SIZE] [--arca-java-opts OPTS]
                                 [--encrypted] [--work DIR] [--keep] [--threads T] [--timeout-min M] [--shared-fs]

            Generates N MiB of data from a seed: by default a mixed set (60% small files, 25% in four large
            files, 15% incompressible); with --files, a tree of that many files, mostly small, in directories
            of 100-400 files. Then for restic and borgbackup (Debian's) and Arca's volume repository, taking
            turns in each step: initial backup; changes F of the bytes and of the files, and touches F of the
            files (new mtime, same bytes); incremental backup; full restore of the latest snapshot (checked
            against the source); repository size. Each operation is its own process under GNU time (wall time,
            peak RSS). Prints figures (median and min-max over rounds) on stderr and one line of key=value
            figures on stdout; never fails on a time.

              --size-mib N          data set size (default 2048; 256 is a quick run)
              --files N             a tree of N files instead of the mixed set (e.g. --files 200000
                                    --size-mib 6144); needs at least 12 KiB per file
              --rounds R            rounds (default 3); each round rotates the order of the tools by one;
                                    every figure is the median over rounds, with min-max beside it
              --seed S              data and mutation seed (default 1)
              --change F            fraction changed before the incremental backups (default 0.01)
              --tools LIST          restic,borg,arca (default), or some of them, comma-separated
              --warm                also run Arca in one long-lived JVM per round (VolumeTool serve, warmed by
                                    a throw-away backup first): the in-cluster server's figures, no JVM start
              --heap SIZE           -Xmx of the arca JVMs (default 1g)
              --arca-java-opts OPTS more options for the arca JVMs, e.g. '-XX:+UseParallelGC' (experiments)
              --encrypted           Arca's location encrypted with a passphrase (scrypt on every open, as the
                                    CLI's; the warm JVM keeps the unwrapped keys, as the server does); by
                                    default its data is encrypted under keys stored in the location as they are
              --work DIR            work directory (default bench/target/volumes-work; emptied first,
                                    deleted at the end unless --keep)
              --keep                keep the work directory (data, repositories, logs)
              --threads T           writers while generating the data (default: the number of cores)
              --timeout-min M       kill an operation after M minutes and fail (default 60)
              --shared-fs           restore into the work directory's file system; by default, as root,
                                    each restore goes to a new loop-mounted ext4, so that none pays
                                    for the deletions of the restore before it
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
        String problem = ManyFiles.checkSize(files, sizeMiB);
        if (problem != null) {
            throw new IllegalArgumentException("--files " + problem.replace("{size}", "--size-mib"));
        }
        List<String> named = tools.stream().filter(t -> !(warm && t.equals(WARM))).toList();
        if (named.isEmpty() && !warm || !TOOLS.containsAll(named) || tools.stream().distinct().count() != tools.size()) {
            throw new IllegalArgumentException("--tools takes some of restic, borg, arca, comma-separated, each once; got " + tools);
        }
        tools = warm && !tools.contains(WARM) ? java.util.stream.Stream.concat(tools.stream(), java.util.stream.Stream.of(WARM)).toList()
                : List.copyOf(tools);
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
        int files = 0;
        long seed = 1;
        int rounds = 3;
        double fraction = 0.01;
        List<String> tools = TOOLS;
        boolean warm = false;
        String heap = "1g";
        String javaOpts = "";
        Path work = null;
        boolean keep = false;
        boolean sharedFs = false;
        int threads = Runtime.getRuntime().availableProcessors();
        int timeout = 60;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--size-mib" -> size = (int) number(flag, value(args, ++i, flag));
                case "--files" -> files = (int) number(flag, value(args, ++i, flag));
                case "--warm" -> warm = true;
                case "--rounds" -> rounds = (int) number(flag, value(args, ++i, flag));
                case "--seed" -> seed = number(flag, value(args, ++i, flag));
                case "--change" -> fraction = fraction(flag, value(args, ++i, flag));
                case "--tools" -> tools = List.of(value(args, ++i, flag).split(",", -1));
                case "--heap" -> heap = value(args, ++i, flag);
                case "--arca-java-opts" -> javaOpts = (javaOpts + " " + value(args, ++i, flag)).strip();
                case "--encrypted" -> javaOpts = (javaOpts + " -D" + VolumeTool.ENCRYPTED + "=true").strip();
                case "--work" -> work = Path.of(value(args, ++i, flag)).toAbsolutePath().normalize();
                case "--keep" -> keep = true;
                case "--shared-fs" -> sharedFs = true;
                case "--threads" -> threads = (int) number(flag, value(args, ++i, flag));
                case "--timeout-min" -> timeout = (int) number(flag, value(args, ++i, flag));
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown flag " + flag + "; see --help");
            }
        }
        return new VolumeOptions(size, files, seed, rounds, fraction, tools, warm, heap, javaOpts, work, keep, threads, timeout,
                sharedFs, help);
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

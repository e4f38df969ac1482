package dev.arca.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The flags of {@code bench/server}.
 *
 * @param schedules   Schedules the idle server holds (none due during the run)
 * @param idleBackups backups in the idle server's filesystem location
 * @param minutes     how long the idle server is measured
 * @param syncBackups backups in the s3proxy location whose sync is timed
 * @param objects     ConfigMaps and Secrets the warm server backs up
 * @param namespaces  namespaces they are spread over
 * @param volumeMiB   size of bench/volumes' data set for the volume part
 * @param volumeFiles 0 for bench/volumes' mixed data set, else the files of its many-files tree
 * @param parts       which parts run: idle, sync, warm, volumes
 * @param heap        the -Xmx of the {@code arca server} processes
 * @param javaOpts    JVM options for the {@code arca server} processes, after the shipped ones (a later option wins)
 * @param rounds      incremental backups the volume part times (mutation, server, restic each), medians printed
 * @param workDir     where the locations, state and logs go; null: a fresh temporary directory
 * @param keep        keep the work directory afterwards (always when it was named)
 * @param help        print the usage and do nothing else
 */
record ServerBenchOptions(int schedules, int idleBackups, double minutes, int syncBackups, int objects, int namespaces,
                          int volumeMiB, int volumeFiles, Set<String> parts, String heap, List<String> javaOpts, int rounds, Path workDir,
                          boolean keep, boolean help) {

    static final String USAGE = """
            usage: bench/server [--quick] [--minutes M] [--schedules S] [--idle-backups B] [--sync-backups K]
                                [--objects N] [--namespaces NS] [--volume-mib V] [--volume-files F]
                                [--parts LIST] [--heap SIZE] [--server-java-opts OPTS] [--rounds R]
                                [--work-dir DIR] [--keep]

            Runs 'arca server' processes against a fresh local control plane and measures: (1) the idle
            server with S Schedules and B backups in a filesystem location (RSS median and max, CPU seconds
            per minute, over M minutes); (2) the first sync of an s3proxy location holding K backups and a
            sync with nothing changed, against one LIST of the bucket; (3) a backup of N objects by the warm
            server against the large-page LIST floor; (4) the volume backups of a warm server (a 64 MiB
            backup first) against restic on bench/volumes' data (V MiB, mixed or F files): the initial one,
            then R rounds of an incremental after a 1% change, medians and spread. One line of figures on
            stdout, details on stderr. Never fails on a time.

              --quick              a smoke run: 5 schedules, 20 backups, 0.25 minutes, 200 synced backups,
                                   2000 objects over 10 namespaces, 64 MiB of volume data (flags after it
                                   still apply)
              --minutes M          idle measurement, minutes, decimals allowed (default 3)
              --schedules S        Schedules of the idle server (default 100)
              --idle-backups B     backups in the idle server's location (default 1000)
              --sync-backups K     backups in the synced s3proxy location (default 10000)
              --objects N          objects the warm server backs up (default 100000)
              --namespaces NS      namespaces they are spread over (default 100)
              --volume-mib V       volume data set, MiB (default 2048, as bench/volumes)
              --volume-files F     the many-files data set of F files instead of the mixed one
                                   (bench/volumes --files; e.g. --volume-files 200000 --volume-mib 5120)
              --parts LIST         the parts to run, comma-separated (default idle,sync,warm,volumes)
              --heap SIZE          -Xmx of the arca server processes (default 512m)
              --server-java-opts O JVM options for the servers, space-separated, after the shipped ones
              --rounds R           incremental rounds of the volume part (default 3)
              --work-dir DIR       keep locations and logs there (default: a temporary directory, deleted)
              --keep               do not delete the work directory
            """;

    static final Set<String> ALL_PARTS = Set.of("idle", "sync", "warm", "volumes");

    ServerBenchOptions {
        if (schedules < 0 || schedules > 1440 || idleBackups < 0 || syncBackups < 1 || objects < 1) {
            throw new IllegalArgumentException("--schedules must be 0..1440, --idle-backups at least 0, --sync-backups and"
                    + " --objects at least 1");
        }
        if (namespaces < 1 || namespaces > 10_000) {
            throw new IllegalArgumentException("--namespaces must be 1..10000, got " + namespaces);
        }
        if (!(minutes > 0) || minutes > 60) {
            throw new IllegalArgumentException("--minutes must be above 0 and at most 60, got " + minutes);
        }
        if (volumeMiB < 1 || parts.isEmpty() || !ALL_PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("--volume-mib must be at least 1 and --parts a list of " + ALL_PARTS
                    + ", got " + volumeMiB + " and " + parts);
        }
        String files = dev.arca.bench.volumes.ManyFiles.checkSize(volumeFiles, volumeMiB);
        if (files != null) {
            throw new IllegalArgumentException("--volume-files " + files.replace("{size}", "--volume-mib"));
        }
        if (rounds < 1 || rounds > 20) {
            throw new IllegalArgumentException("--rounds must be 1..20, got " + rounds);
        }
        javaOpts = List.copyOf(javaOpts);
        if (!heap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--heap must be a JVM size such as 512m, got " + heap);
        }
    }

    /** @throws IllegalArgumentException for an unknown flag or a bad value; the message says which */
    static ServerBenchOptions parse(List<String> args) {
        int schedules = 100;
        int idle = 1000;
        double minutes = 3;
        int sync = 10_000;
        int objects = 100_000;
        int namespaces = 100;
        int volumeMiB = 2048;
        int volumeFiles = 0;
        Set<String> parts = new LinkedHashSet<>(List.of("idle", "sync", "warm", "volumes"));
        String heap = "512m";
        List<String> javaOpts = List.of();
        int rounds = 3;
        Path workDir = null;
        boolean keep = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--quick" -> {
                    schedules = 5;
                    idle = 20;
                    minutes = 0.25;
                    sync = 200;
                    objects = 2000;
                    namespaces = 10;
                    volumeMiB = 64;
                }
                case "--volume-mib" -> volumeMiB = BenchOptions.number(flag, BenchOptions.value(args, ++i, flag));
                case "--volume-files" -> volumeFiles = BenchOptions.number(flag, BenchOptions.value(args, ++i, flag));
                case "--parts" -> parts = new LinkedHashSet<>(List.of(BenchOptions.value(args, ++i, flag).split(",")));
                case "--minutes" -> minutes = decimal(flag, BenchOptions.value(args, ++i, flag));
                case "--schedules" -> schedules = BenchOptions.number(flag, BenchOptions.value(args, ++i, flag));
                case "--idle-backups" -> idle = BenchOptions.number(flag, BenchOptions.value(args, ++i, flag));
                case "--sync-backups" -> sync = BenchOptions.number(flag, BenchOptions.value(args, ++i, flag));
                case "--objects" -> objects = BenchOptions.number(flag, BenchOptions.value(args, ++i, flag));
                case "--namespaces" -> namespaces = BenchOptions.number(flag, BenchOptions.value(args, ++i, flag));
                case "--heap" -> heap = BenchOptions.value(args, ++i, flag);
                case "--server-java-opts" -> {
                    String opts = BenchOptions.value(args, ++i, flag).strip();
                    javaOpts = opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
                }
                case "--rounds" -> rounds = BenchOptions.number(flag, BenchOptions.value(args, ++i, flag));
                case "--work-dir" -> workDir = Path.of(BenchOptions.value(args, ++i, flag)).toAbsolutePath().normalize();
                case "--keep" -> keep = true;
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown flag " + flag + "; see --help");
            }
        }
        return new ServerBenchOptions(schedules, idle, minutes, sync, objects, namespaces, volumeMiB, volumeFiles, Set.copyOf(parts), heap,
                javaOpts, rounds, workDir, keep || workDir != null, help);
    }

    private static double decimal(String flag, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a number such as 3 or 0.5, got \"" + value + "\"");
        }
    }
}

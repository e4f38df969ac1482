package dev.arca.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The flags of {@code bench/fleet}.
 *
 * @param members  member control planes joined to the hub (N)
 * @param objects  ConfigMaps on the hub that the one policy propagates to every member (M)
 * @param scaling  also time create for (1 member, M objects) and (N members, M/4 objects)
 * @param heap     the -Xmx of the {@code arca fleet hub} process
 * @param workDir  where the hub's log goes; null: a fresh temporary directory
 * @param keep     keep the work directory afterwards (always when it was named)
 * @param help     print the usage and do nothing else
 */
record FleetBenchOptions(int members, int objects, boolean scaling, String heap, Path workDir, boolean keep, boolean help) {

    static final String USAGE = """
            usage: bench/fleet [--quick] [--members N] [--objects M] [--scaling | --no-scaling]
                               [--heap SIZE] [--work-dir DIR] [--keep]

            Starts a hub control plane and N member control planes (no node), joins the members to
            workspace 'bench', runs 'arca fleet hub' against the hub and measures: (1) create: M ConfigMaps
            of about 1 KiB on the hub (16 threads) under one PropagationPolicy placing them on every member,
            from the first create until every member holds all M; (2) update: every object's data changed
            on the hub, until every member holds the new data; (3) the hub process's peak and end RSS and
            its CPU seconds; (4) the floor: the bench's own client creating the same N x M ConfigMaps
            directly on the members (16 threads); (5) with --scaling, create again for (1, M) and (N, M/4).
            One line of figures on stdout, details on stderr. Never fails on a time.

              --quick            a smoke run: 2 members, 200 objects, no scaling rounds (flags after it still apply)
              --members N        member control planes (default 5)
              --objects M        ConfigMaps propagated to every member (default 2000)
              --scaling          run the growth rounds (default in the full run)
              --no-scaling       skip them
              --heap SIZE        -Xmx of the arca fleet hub process (default 1g)
              --work-dir DIR     keep the hub's log there (default: a temporary directory, deleted)
              --keep             do not delete the work directory
            """;

    FleetBenchOptions {
        if (members < 1 || members > 20) {
            throw new IllegalArgumentException("--members must be 1..20 (each is a control plane on this machine), got " + members);
        }
        if (objects < 4 || objects > 100_000) {
            throw new IllegalArgumentException("--objects must be 4..100000, got " + objects);
        }
        if (!heap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--heap must be a JVM size such as 1g, got " + heap);
        }
    }

    /** @throws IllegalArgumentException for an unknown flag or a bad value; the message says which */
    static FleetBenchOptions parse(List<String> args) {
        int members = 5;
        int objects = 2000;
        boolean scaling = true;
        String heap = "1g";
        Path workDir = null;
        boolean keep = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--quick" -> {
                    members = 2;
                    objects = 200;
                    scaling = false;
                }
                case "--members" -> members = BenchOptions.number(flag, BenchOptions.value(args, ++i, flag));
                case "--objects" -> objects = BenchOptions.number(flag, BenchOptions.value(args, ++i, flag));
                case "--scaling" -> scaling = true;
                case "--no-scaling" -> scaling = false;
                case "--heap" -> heap = BenchOptions.value(args, ++i, flag);
                case "--work-dir" -> workDir = Path.of(BenchOptions.value(args, ++i, flag)).toAbsolutePath().normalize();
                case "--keep" -> keep = true;
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown flag " + flag + "; see --help");
            }
        }
        return new FleetBenchOptions(members, objects, scaling, heap, workDir, keep || workDir != null, help);
    }
}

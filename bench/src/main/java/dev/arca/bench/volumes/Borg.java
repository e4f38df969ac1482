package dev.arca.bench.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * borgbackup as Debian ships it (1.2), on a local repository made with
 * {@code borg init --encryption=repokey-blake2} (authenticated encryption, as Arca and restic
 * always have). Its home ({@code BORG_BASE_DIR}: the cache with the files cache and chunk index,
 * and the security directory) is inside the round's directory, so ~/.cache and ~/.config are not
 * touched and every round starts cold, as restic's cache does.
 *
 * <p>Compression {@code auto,zstd,1}: Arca compresses chunks with zstd at level 1 (its default,
 * {@code RepositoryOptions.defaults()}) and stores a chunk raw when zstd saves too little, so
 * random data costs little. borg's default is lz4, a different trade-off; {@code zstd,1} alone is
 * the same level as Arca but spends zstd on every incompressible chunk, while {@code auto} first
 * tries lz4 and stores a chunk that lz4 cannot shrink uncompressed: the nearest borg has to Arca's
 * "compress at level 1, keep raw when it does not pay". restic's {@code auto} is likewise its
 * fast zstd mode. The files cache is borg's default ({@code ctime,size,inode}), which skips
 * unchanged files by metadata as restic and Arca do.
 *
 * <p>A backup runs {@code borg create REPO::LABEL .} with the source as its working directory:
 * borg stores the paths relative ({@code a/b}, without the {@code ./}), so {@code borg extract}
 * run inside the (new, empty) target directory puts the source's top directory at the target.
 */
final class Borg implements Tool {
    static final String PASSPHRASE = "bench";
    static final String COMPRESSION = "auto,zstd,1";
    private final Path repo;
    private final Map<String, String> env;
    private final Path logDir;
    private final Duration timeout;
    private String lastArchive;

    /** @param home borg's {@code BORG_BASE_DIR}: its cache and security directory go there */
    Borg(Path repo, Path home, Path logDir, Duration timeout) {
        this.repo = repo.toAbsolutePath();
        this.env = environment(home.toAbsolutePath());
        this.logDir = logDir;
        this.timeout = timeout;
    }

    /** What borg runs with: the passphrase, its home in the round, and no question ever asked. */
    static Map<String, String> environment(Path home) {
        return Map.of("BORG_PASSPHRASE", PASSPHRASE, "BORG_BASE_DIR", home.toString(),
                "BORG_RELOCATED_REPO_ACCESS_IS_OK", "yes", "BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "no");
    }

    /** {@code borg --version}'s line, or why there is none. */
    static String version(Path logDir) {
        Proc.Run run = Proc.run("borg-version", List.of("borg", "--version"), Map.of(), logDir, Duration.ofMinutes(1));
        return run.ok() ? run.out().strip() : "borg --version failed: " + run.tail(5);
    }

    @Override
    public String name() {
        return "borg";
    }

    @Override
    public Path repository() {
        return repo;
    }

    @Override
    public void init() {
        DataSet.mkdirs(Path.of(env.get("BORG_BASE_DIR")));
        Proc.Run run = Proc.run("borg-init", initCommand(), env, logDir, timeout);
        if (!run.ok()) {
            throw Tool.StepFailed.of(this, run, "init of " + repo);
        }
    }

    List<String> initCommand() {
        return List.of("borg", "init", "--encryption=repokey-blake2", repo.toString());
    }

    /** Backs the source up as archive {@code label}, which a later {@link #restore} extracts. */
    @Override
    public Proc.Run backup(String label, Path source) {
        Proc.Run run = Proc.run(label, createCommand(label), env, logDir, source, timeout);
        if (run.ok()) {
            lastArchive = label;
        }
        return run;
    }

    /** Run in the source directory: {@code .} is the tree, stored with relative paths. */
    List<String> createCommand(String archive) {
        return List.of("borg", "create", "--json", "--compression", COMPRESSION, repo + "::" + archive, ".");
    }

    @Override
    public Proc.Run restore(String label, Path target) {
        if (lastArchive == null) {
            throw new IllegalStateException("borg restore before any backup");
        }
        DataSet.mkdirs(target);
        return Proc.run(label, extractCommand(lastArchive), env, logDir, target, timeout);
    }

    /** Run in the target directory, which receives the archive's relative paths. */
    List<String> extractCommand(String archive) {
        return List.of("borg", "extract", repo + "::" + archive);
    }

    /** borg stored the paths relative to the source, and extracts them into its working directory. */
    @Override
    public Path restoredRoot(Path target, Path source) {
        return target;
    }

    @Override
    public String describe(Proc.Run backup) {
        return summary(Tool.jsonDocument(backup, "archive"), backup);
    }

    /** One line from {@code borg create --json}'s document (pretty-printed over many lines), or null. */
    static String summary(JsonNode doc, Proc.Run backup) {
        if (doc == null) {
            return "(no JSON summary in " + backup.stdout() + ")";
        }
        JsonNode a = doc.path("archive");
        JsonNode s = a.path("stats");
        return String.format("archive %s: %d files; %.1f MiB in the tree, %.1f MiB compressed, %.1f MiB added (borg's own"
                        + " duration %.2f s)", a.path("name").asText(), s.path("nfiles").asLong(),
                s.path("original_size").asLong() / 1048576.0, s.path("compressed_size").asLong() / 1048576.0,
                s.path("deduplicated_size").asLong() / 1048576.0, a.path("duration").asDouble());
    }
}

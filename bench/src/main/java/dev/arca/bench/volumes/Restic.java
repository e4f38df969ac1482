package dev.arca.bench.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * restic as Debian ships it, on a local repository with its defaults (repository format 2,
 * compression {@code auto}, 16 MiB packs, GOMAXPROCS = all cores). Backups run with
 * {@code --json}, for the summary line; its cache goes into the round's directory, not ~/.cache.
 */
final class Restic implements Tool {
    static final String PASSWORD = "bench";
    private final Path repo;
    private final Map<String, String> env;
    private final Path logDir;
    private final Duration timeout;

    Restic(Path repo, Path cache, Path logDir, Duration timeout) {
        this.repo = repo;
        this.env = Map.of("RESTIC_PASSWORD", PASSWORD, "RESTIC_CACHE_DIR", cache.toString());
        this.logDir = logDir;
        this.timeout = timeout;
    }

    /** {@code restic version}'s line, or why there is none. */
    static String version(Path logDir) {
        Proc.Run run = Proc.run("restic-version", List.of("restic", "version"), Map.of(), logDir, Duration.ofMinutes(1));
        return run.ok() ? run.out().strip() : "restic version failed: " + run.tail(5);
    }

    @Override
    public String name() {
        return "restic";
    }

    @Override
    public Path repository() {
        return repo;
    }

    @Override
    public void init() {
        Proc.Run run = Proc.run("restic-init", List.of("restic", "init", "--repo", repo.toString()), env, logDir, timeout);
        if (!run.ok()) {
            throw Tool.StepFailed.of(this, run, "init of " + repo);
        }
    }

    @Override
    public Proc.Run backup(String label, Path source) {
        return Proc.run(label, command("backup", "--json", source.toString()), env, logDir, timeout);
    }

    @Override
    public Proc.Run restore(String label, Path target) {
        return Proc.run(label, command("restore", "latest", "--target", target.toString()), env, logDir, timeout);
    }

    /** restic restores the absolute path it backed up under the target. */
    @Override
    public Path restoredRoot(Path target, Path source) {
        return target.resolve(source.toAbsolutePath().toString().substring(1));
    }

    @Override
    public String describe(Proc.Run backup) {
        JsonNode s = Tool.lastJson(backup, "snapshot_id");
        if (s == null) {
            return "(no summary line in " + backup.stdout() + ")";
        }
        return String.format("snapshot %s: files new %d, changed %d, unmodified %d; %.1f MiB processed, %.1f MiB added",
                s.path("snapshot_id").asText().substring(0, 8), s.path("files_new").asLong(), s.path("files_changed").asLong(),
                s.path("files_unmodified").asLong(), s.path("total_bytes_processed").asLong() / 1048576.0,
                s.path("data_added").asLong() / 1048576.0);
    }

    private List<String> command(String verb, String... args) {
        List<String> c = new ArrayList<>(List.of("restic", verb, "--repo", repo.toString()));
        c.addAll(List.of(args));
        return c;
    }
}

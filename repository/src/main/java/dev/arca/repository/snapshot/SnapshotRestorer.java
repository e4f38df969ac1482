package dev.arca.repository.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.repository.object.ObjectReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a snapshot's tree into a directory.
 *
 * <p>Contract:
 * <ul>
 *   <li>the target is created if missing and may be non-empty: a path the snapshot holds is
 *       replaced (a file, symlink or empty directory in the way is deleted first; a non-empty
 *       directory where a file belongs is an error), paths it does not hold are left alone;</li>
 *   <li>nothing is written outside the target: an entry name that is empty, ".", "..", or holds
 *       '/' or NUL, and a hard link to anything but a file restored in this run, make the restore
 *       fail with {@link ArcaException.Corrupt} naming the entry; no path inside the target is
 *       resolved, so a pod that swaps a directory of the target for a symlink while the restore
 *       runs cannot send a write elsewhere: entries are made in a private staging directory and
 *       renamed into place relative to open directory descriptors (see {@link RestoreRun});</li>
 *   <li>files are written in parallel on the executor, at most {@code maxInFlightFiles} at a time;
 *       each is created with its mode's rwx bits and gets owner, the rest of its mode (setuid,
 *       setgid, sticky, bits the umask cleared) and mtime after its content, atime the time the
 *       restore began (the snapshot holds none); hard links are made after all files;
 *       directories get their metadata last, children before parents, so their mtimes hold;</li>
 *   <li>owners are set only where the process may (root); otherwise skipped without an error;
 *       symlinks get owner and mtime (microsecond precision) but no mode;</li>
 *   <li>fifos, sockets and devices are not recreated (a warning each); every all-zero 4 KiB block
 *       of a file is left as a hole, so sparse files come back sparse;</li>
 *   <li>a file that cannot be written or whose chunks cannot be read is an error in the result
 *       and the rest is restored; an unreadable or invalid directory object aborts with
 *       {@link ArcaException.Corrupt}.</li>
 * </ul>
 * Thread-safe; restores may run concurrently (into different targets).
 */
public final class SnapshotRestorer {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRestorer.class);

    private final ObjectReader reader;
    private final Executor executor;
    private final int maxInFlightFiles;
    private final Consumer<String> directoryReady;
    private final ObjectMapper mapper = Json.mapper();

    public SnapshotRestorer(ObjectReader reader, Executor executor, int maxInFlightFiles) {
        this(reader, executor, maxInFlightFiles, rel -> { });
    }

    /** As the public constructor, with a hook called as each directory is ready (tests race the restore with it). */
    SnapshotRestorer(ObjectReader reader, Executor executor, int maxInFlightFiles, Consumer<String> directoryReady) {
        if (maxInFlightFiles < 1) {
            throw new IllegalArgumentException("maxInFlightFiles must be at least 1, not " + maxInFlightFiles);
        }
        this.reader = Objects.requireNonNull(reader, "reader");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.maxInFlightFiles = maxInFlightFiles;
        this.directoryReady = Objects.requireNonNull(directoryReady, "directoryReady");
    }

    /** Restores the snapshot into {@code target}; see the class contract. */
    public RestoreResult restore(SnapshotManifest snapshot, Path target, RestoreOptions options) {
        Objects.requireNonNull(options, "options");
        Path dir = target.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("cannot create restore target " + dir + " (" + e
                    + "); give a directory that can be created or exists");
        }
        if (!Files.isDirectory(dir)) {
            throw new ArcaException.InvalidInput("restore target " + dir + " is not a directory");
        }
        LOG.info("restore of snapshot {} (volume {}) into {} starting", snapshot.id(), snapshot.volume(), dir);
        RestoreResult result;
        try (SecureDirectoryStream<Path> top = SecureDirs.openTrusted(dir)) {
            Staging staging = Staging.create(dir, top);
            try {
                result = new RestoreRun(reader, mapper, executor, maxInFlightFiles, options, snapshot.id(), dir, top, staging,
                        directoryReady).run(snapshot.root());
            } catch (RuntimeException e) {
                SecureDirs.closeQuietly(staging);
                throw e;
            }
            result = removeStaging(staging, result);
        } catch (IOException e) {
            throw new ArcaException("restore of snapshot " + snapshot.id() + " into " + dir + " cannot start: the target"
                    + " cannot be opened or no staging directory made beside or in it (" + e + "); check its permissions");
        }
        LOG.info("restore of snapshot {} into {} done: {} files, {} bytes, {} errors", snapshot.id(), dir,
                result.stats().files(), result.stats().bytesWritten(), result.errors().size());
        return result;
    }

    /** Removes the staging directory; one that cannot be (something was left in it) is a warning naming it. */
    private static RestoreResult removeStaging(Staging staging, RestoreResult result) {
        try {
            staging.close();
            return result;
        } catch (IOException e) {
            List<PathProblem> warnings = new ArrayList<>(result.warnings());
            warnings.add(new PathProblem("", "the restore's staging directory " + staging.path() + " was not removed (" + e
                    + "); look inside it for anything the errors say was left there, then delete it"));
            return new RestoreResult(result.stats(), List.copyOf(warnings), result.errors());
        }
    }
}

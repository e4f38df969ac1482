package dev.arca.repository;

import dev.arca.api.ArcaException;
import dev.arca.repository.content.ChunkCodec;
import dev.arca.repository.content.DaemonThreads;
import dev.arca.repository.content.PackOptions;
import dev.arca.repository.content.PackedContentStore;
import dev.arca.repository.content.RepositoryKeys;
import dev.arca.repository.maintenance.MaintenanceReport;
import dev.arca.repository.maintenance.Maintainer;
import dev.arca.repository.maintenance.Verifier;
import dev.arca.repository.maintenance.VerifyReport;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectWriter;
import dev.arca.repository.snapshot.PathProblem;
import dev.arca.repository.snapshot.RestoreOptions;
import dev.arca.repository.snapshot.RestoreResult;
import dev.arca.repository.snapshot.Sealer;
import dev.arca.repository.snapshot.SnapshotManifest;
import dev.arca.repository.snapshot.SnapshotRequest;
import dev.arca.repository.snapshot.SnapshotRestorer;
import dev.arca.repository.snapshot.SnapshotResult;
import dev.arca.repository.snapshot.SnapshotStore;
import dev.arca.repository.snapshot.Snapshotter;
import dev.arca.repository.snapshot.StreamSnapshotter;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.crypto.EncryptedObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volume-data repository of one location, under {@code repository/} in it: the layers joined.
 * Its keys ({@code repository/keys.json}, and {@code repository/keys/} after a key rotation) go
 * through the location's store, so an encrypted
 * location wraps them with its passphrase-derived key; packs, indexes and snapshot manifests are
 * sealed by the repository itself and written to the location's storage directly (no second
 * encryption). On an unencrypted location the keys are stored as they are: the data is then
 * encrypted, but anyone who can read the location can read the keys too.
 *
 * <p>From its first backup, restore, verify or maintenance until it is closed, an open repository
 * holds a shared {@code session} lock: its index and snapshot list are read once and reused across
 * volumes, so no maintenance may drop what they name in between. When the session lock is taken
 * (or retaken, after it was lost), the index is reread if an index file read at open is gone,
 * which is how maintenance that ran before shows. Listing snapshots takes no lock, so it works on
 * a location that refuses writes. Maintenance takes an exclusive lock (beside its own session's);
 * backups, restores and verifies take shared ones too (a verify and a backup exclude each other,
 * so verify never sees a half-written snapshot). See {@link RepositoryLock}.
 */
public final class Repository implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Repository.class);
    private final ObjectStore data;
    private final RepositoryKeys keys;
    private final RepositoryOptions options;
    private final ExecutorService files;
    private final ExecutorService chunks;
    private final PackedContentStore content;
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final SnapshotStore snapshots;
    /** The manifests this session knows, read once: a backup of many volumes must not reread them all per volume. */
    private List<SnapshotManifest> known;
    /**
     * Held from the first locked operation to close, so that no maintenance drops what the cached
     * index and {@link #known} name; retaken when it was lost (unlocked, or judged stale). Null
     * until then.
     */
    private RepositoryLock session;

    private Repository(ObjectStore location, RepositoryOptions options) {
        this.options = options;
        this.data = storageUnder(location);
        this.keys = RepositoryKeys.openOrCreate(location);
        this.files = Executors.newFixedThreadPool(options.threads(), DaemonThreads.named("arca-volume-files"));
        this.chunks = Executors.newFixedThreadPool(options.threads(), DaemonThreads.named("arca-volume-chunks"));
        this.content = PackedContentStore.open(keys, data, PackOptions.defaults().withPackSize(options.packSizeFor(data.local()))
                .withZstdLevel(options.zstdLevel()).withClock(options.clock())
                // a directory takes a pack in a page-cache copy and an fsync: one upload at a time kept up in
                // bench/volumes, and holds one pack less
                .withMaxInFlightPacks(data.local() ? 1 : 2));
        this.writer = new ObjectWriter(content, ObjectWriter.Options.parallel(options.chunker(), chunks, options.threads()));
        // fetched ahead over all the files being restored: threads + 2 keeps the chunk threads busy (2 * threads + 2
        // was no faster on two cores, and held two chunks more)
        this.reader = new ObjectReader(content, chunks, options.threads() + 2);
        this.snapshots = new SnapshotStore(data, sealer(content.codec()), reader);
    }

    /** Where packs, indexes, manifests and locks go: under the location's encryption, which they do not need. */
    private static ObjectStore storageUnder(ObjectStore location) {
        return location instanceof EncryptedObjectStore e ? e.unencrypted() : location;
    }

    private static Sealer sealer(ChunkCodec codec) {
        return new Sealer() {
            @Override
            public byte[] seal(byte[] plain, byte[] ad) {
                return codec.seal(plain, ad);
            }

            @Override
            public byte[] open(byte[] sealed, byte[] ad) {
                return codec.open(sealed, ad);
            }
        };
    }

    /**
     * Forgets the snapshots of a deleted backup without opening the whole repository (no index
     * is loaded); does nothing when the location has no repository. Returns how many went.
     */
    public static int forgetBackup(ObjectStore location, String backup) {
        if (!exists(location)) {
            return 0;
        }
        ObjectStore data = storageUnder(location);
        SnapshotStore store = new SnapshotStore(data, sealer(new ChunkCodec(RepositoryKeys.open(location))), null);
        return forget(store, backup);
    }

    /** Opens the location's repository, creating it on first use. */
    public static Repository open(ObjectStore location) {
        return open(location, RepositoryOptions.defaults());
    }

    public static Repository open(ObjectStore location, RepositoryOptions options) {
        return new Repository(location, options);
    }

    /**
     * Starts a new generation of the repository's data key ({@link RepositoryKeys#rotate}): what is
     * written from now on is sealed under it; what was written before stays readable. Call it after
     * the location's own key was rotated, with the location's store opened under the new key, so
     * the new generation is wrapped by that key. A repository open meanwhile keeps sealing under
     * the generation it read. Returns the new generation's number.
     * @throws ArcaException.NotFound when the location holds no repository
     */
    public static int rotateKeys(ObjectStore location) {
        return RepositoryKeys.rotate(location).currentGeneration();
    }

    /** Whether the location holds a repository, without creating one. */
    public static boolean exists(ObjectStore location) {
        return location.exists(RepositoryKeys.KEY);
    }

    /**
     * Snapshots {@code root} as {@code volume} for {@code backup}, incrementally against the
     * volume's latest snapshot; the snapshot is durable when this returns.
     */
    public SnapshotSummary backup(Path root, String volume, String backup, Map<String, String> tags) {
        SnapshotResult result;
        try (RepositoryLock lock = acquire(RepositoryLock.Kind.backup)) {
            SnapshotManifest parent = latest(volume);
            result = new Snapshotter(content, writer, files, 2 * options.threads(), options.clock())
                    .snapshot(new SnapshotRequest(root, volume, backup, tags, parent));
            lock.confirmHeld(); // held throughout: no maintenance dropped a chunk this snapshot reuses
            snapshots.save(result.manifest());
            remember(result.manifest());
        }
        return summary(result.manifest(), result.warnings().stream().map(Repository::describe).toList(),
                result.errors().stream().map(Repository::describe).toList());
    }

    /**
     * Stores {@code in}, read to its end (not closed), as a stream snapshot of {@code name} for
     * {@code backup} ({@link StreamSnapshotter}): chunked, deduplicated, compressed and encrypted
     * like volume data, never written to local disk; durable when this returns. Forgotten with the
     * backup's other snapshots ({@link #forgetBackup}).
     */
    public SnapshotSummary backupStream(InputStream in, String name, String backup, Map<String, String> tags) {
        SnapshotManifest manifest;
        try (RepositoryLock lock = acquire(RepositoryLock.Kind.backup)) {
            manifest = new StreamSnapshotter(content, writer, reader, options.clock()).snapshot(in, name, backup, tags);
            lock.confirmHeld();
            snapshots.save(manifest);
            remember(manifest);
        }
        return summary(manifest, List.of(), List.of());
    }

    /**
     * Writes the stream of stream snapshot {@code snapshotId} to {@code out} (not closed) and
     * returns its length.
     * @throws IOException when {@code out} fails (the reader of the stream went away)
     */
    public long restoreStream(String snapshotId, OutputStream out) throws IOException {
        try (RepositoryLock lock = data.writable() ? acquire(RepositoryLock.Kind.restore) : null) {
            return new StreamSnapshotter(content, writer, reader, options.clock()).restore(snapshots.load(snapshotId), out);
        }
    }

    /**
     * Takes a lock of {@code kind} beside the session's, then makes sure the session lock is there
     * and was held all along; when it was not (first use, or lost), takes it and rereads what
     * maintenance may have changed meanwhile, under the new lock, which keeps maintenance out from
     * here on.
     */
    private RepositoryLock acquire(RepositoryLock.Kind kind) {
        RepositoryLock lock = RepositoryLock.acquire(data, kind, options.clock(), RepositoryLock.Timing.DEFAULT, sessionKeys());
        try {
            holdSession(lock.key());
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        return lock;
    }

    private synchronized Set<String> sessionKeys() {
        return session == null ? Set.of() : Set.of(session.key());
    }

    private synchronized void holdSession(String beside) {
        if (session != null && session.isHeld()) {
            return;
        }
        if (session != null) {
            LOG.warn("the session lock {} on the volume repository in {} was lost (unlocked, or judged stale); taking a new one",
                    session.key(), data.describe());
            session.close();
        }
        session = RepositoryLock.acquire(data, RepositoryLock.Kind.session, options.clock(), RepositoryLock.Timing.DEFAULT, Set.of(beside));
        if (content.indexesGone()) {
            LOG.info("maintenance changed the volume repository in {} since it was opened; rereading its index", data.describe());
            content.reload();
        }
        known = null;
    }

    private synchronized void reloadCaches() {
        content.reload();
        known = null;
    }

    private synchronized void remember(SnapshotManifest m) {
        if (known != null) {
            known.add(m);
        }
    }

    private synchronized SnapshotManifest latest(String volume) {
        if (known == null) {
            known = new ArrayList<>(snapshots.list());
        }
        SnapshotManifest newest = null;
        for (SnapshotManifest m : known) {
            if (m.volume().equals(volume) && (newest == null || m.time().isAfter(newest.time())
                    || (m.time().equals(newest.time()) && m.id().compareTo(newest.id()) > 0))) {
                newest = m;
            }
        }
        return newest;
    }

    /** Writes the snapshot's tree into {@code target}; files that cannot be written fail it, naming them. */
    public RestoreSummary restore(String snapshotId, Path target) {
        RestoreResult result;
        // a location that takes no writes (ReadOnly) cannot hold a lock; no client that sees it ReadOnly maintains it
        try (RepositoryLock lock = data.writable() ? acquire(RepositoryLock.Kind.restore) : null) {
            SnapshotManifest manifest = snapshots.load(snapshotId);
            result = new SnapshotRestorer(reader, files, 2 * options.threads()).restore(manifest, target, RestoreOptions.ALL);
        }
        if (!result.errors().isEmpty()) {
            throw new ArcaException(result.errors().size() + " entries of snapshot " + snapshotId + " could not be restored into "
                    + target + ", first: " + describe(result.errors().get(0)));
        }
        var s = result.stats();
        return new RestoreSummary(snapshotId, s.files(), s.dirs(), s.symlinks(), s.bytesWritten());
    }

    /** Every snapshot, oldest first. */
    public List<SnapshotSummary> snapshots() {
        return snapshots.list().stream().map(m -> summary(m, List.of(), List.of())).toList();
    }

    /** Forgets the snapshots of a deleted backup; their data goes at the next maintenance. */
    public int forgetBackup(String backup) {
        synchronized (this) {
            known = null;
        }
        return forget(snapshots, backup);
    }

    private static int forget(SnapshotStore snapshots, String backup) {
        int n = 0;
        for (SnapshotManifest m : snapshots.list()) {
            if (backup.equals(m.backupName())) {
                snapshots.delete(m.id());
                n++;
            }
        }
        return n;
    }

    /**
     * Drops data no snapshot refers to (older than {@code safetyDelay}), rewrites sparse packs,
     * merges indexes; keeps every snapshot. For callers that cannot tell which backups exist.
     */
    public MaintenanceReport maintain(Duration safetyDelay) {
        return maintain(safetyDelay, backup -> true);
    }

    /**
     * Maintenance as {@link #maintain(Duration)}, after forgetting the snapshots (older than
     * {@code safetyDelay}) of backups for which {@code backupExists} is false: the leftovers of a
     * backup killed before its manifest was written, whose data is then dropped in the same run.
     * {@code backupExists} throws {@link dev.arca.api.ArcaException.InvalidInput} for a name that
     * cannot be a backup's: those snapshots are kept, with a warning; any other failure stops
     * maintenance before it forgets anything.
     */
    public MaintenanceReport maintain(Duration safetyDelay, Predicate<String> backupExists) {
        content.flush();
        try (RepositoryLock lock = acquire(RepositoryLock.Kind.maintain)) {
            try {
                int orphans = OrphanSnapshots.forget(snapshots, backupExists, options.clock().instant().minus(safetyDelay),
                        lock::confirmHeld);
                return new Maintainer(keys, data, Maintainer.Options.defaults().withSafetyDelay(safetyDelay).withClock(options.clock())
                        .withPackSize(options.packSizeFor(data.local()))).run(snapshots::forEachReferencedChunk, lock::confirmHeld)
                        .withOrphanSnapshotsForgotten(orphans);
            } finally {
                reloadCaches(); // this session's index names what maintenance dropped or moved
            }
        }
    }

    /** Checks indexes against packs and snapshots against indexes, and reads about {@code fraction} of the chunks. */
    public VerifyReport verify(double fraction) {
        try (RepositoryLock lock = acquire(RepositoryLock.Kind.verify)) {
            return new Verifier(keys, data, options.threads()).verify(fraction, new SecureRandom().nextLong(),
                    snapshots::forEachReferencedChunk);
        }
    }

    /**
     * Checks every chunk of one snapshot: indexed, inside an existing pack, and read, decrypted,
     * decompressed and re-hashed to its id. A directory of the snapshot that cannot be read is a
     * problem of the report, not an exception.
     *
     * @throws ArcaException.NotFound when there is no such snapshot
     */
    public VerifyReport verifySnapshot(String snapshotId) {
        try (RepositoryLock lock = data.writable() ? acquire(RepositoryLock.Kind.verify) : null) {
            java.util.Set<dev.arca.repository.content.ChunkId> chunks = new java.util.HashSet<>();
            try {
                snapshots.forEachChunkOf(snapshotId, chunks::add);
            } catch (ArcaException.Corrupt e) {
                VerifyReport checked = new Verifier(keys, data, options.threads()).verifyChunks(chunks);
                List<VerifyReport.Problem> problems = new java.util.ArrayList<>(checked.problems());
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.CORRUPT_CHUNK, "snapshot " + snapshotId, null, e.getMessage()));
                return new VerifyReport(checked.indexFiles(), checked.packs(), checked.chunks(), checked.chunksRead(), problems);
            }
            return new Verifier(keys, data, options.threads()).verifyChunks(chunks);
        }
    }

    /** Removes every lock of the location's repository; for holders known to be gone. Returns how many. */
    public static int unlock(ObjectStore location) {
        return RepositoryLock.removeAll(storageUnder(location));
    }

    @Override
    public void close() {
        try {
            content.close();
        } finally {
            files.shutdownNow();
            chunks.shutdownNow();
            synchronized (this) {
                if (session != null) {
                    session.close();
                }
            }
        }
    }

    private static SnapshotSummary summary(SnapshotManifest m, List<String> warnings, List<String> errors) {
        var s = m.stats();
        return new SnapshotSummary(m.id(), m.volume(), m.backupName(), m.time(), m.parentId(), s.files(), s.dirs(), s.filesUnchanged(),
                s.bytesRead() + s.bytesReused(), s.bytesRead(), s.content().newBytes(), s.content().storedBytes(), warnings, errors);
    }

    private static String describe(PathProblem p) {
        return p.path() + ": " + p.message();
    }
}

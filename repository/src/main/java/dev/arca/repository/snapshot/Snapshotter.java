package dev.arca.repository.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.repository.content.ContentStats;
import dev.arca.repository.content.ContentStore;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs a directory tree up into the repository as a snapshot.
 *
 * <p>Contract:
 * <ul>
 *   <li>every directory becomes a {@link DirectoryListing} stored through the object writer,
 *       entries sorted by name whatever order the files finish in, children before parents;
 *       memory grows with the largest directory (and the directories whose files are in flight),
 *       not with the tree;</li>
 *   <li>files are read in parallel on the given executor, at most {@code maxInFlightFiles} at a
 *       time; the executor must accept every task (e.g. a fixed pool with an unbounded queue);</li>
 *   <li>incremental: with a parent, a file whose size, mtime (ns) and inode equal those of the
 *       entry at the same path in the parent is not read; the parent's content is reused;</li>
 *   <li>nothing outside the root is read: the walk goes through directory descriptors and never
 *       follows a symlink, even one a pod puts in place of a directory mid-walk (see
 *       {@link SnapshotRun}); needs Linux ({@link java.nio.file.SecureDirectoryStream});</li>
 *   <li>partial failure is data: a path that vanishes or is swapped during the walk is a
 *       warning, one that cannot be read an error, and both are left out of the snapshot; a missing or unreadable
 *       root is {@link dev.arca.api.ArcaException.InvalidInput}; a failing content store aborts;</li>
 *   <li>the content store is flushed before returning, so the manifest can be saved at once;
 *       the content counters are the store's before/after difference and include concurrent
 *       work of others on the same store;</li>
 *   <li>the manifest is returned, not saved: see {@link SnapshotStore#save}.</li>
 * </ul>
 * Limits: sparse files are read through their holes (zeros, which deduplicate to few chunks) and
 * their allocated size is not recorded, because Java does not expose {@code st_blocks}; restore
 * leaves every zero block as a hole ({@link HoleWriter}), so they come back sparse. Hard links are found through an (inode, device) map of the multiply-linked
 * files seen so far, which grows with their number. The walk recurses once per directory level.
 * Thread-safe; snapshots may run concurrently.
 */
public final class Snapshotter {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final ContentStore store;
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final Executor executor;
    private final int maxInFlightFiles;
    private final Clock clock;
    private final FileOpener opener;
    private final ObjectMapper mapper = Json.mapper();
    private final SecureRandom random = new SecureRandom();

    public Snapshotter(ContentStore store, ObjectWriter writer, Executor executor, int maxInFlightFiles, Clock clock) {
        this(store, writer, executor, maxInFlightFiles, clock, FileOpener.DEFAULT);
    }

    /** As the other constructor, with a different way to open files (tests inject failures). */
    public Snapshotter(ContentStore store, ObjectWriter writer, Executor executor, int maxInFlightFiles, Clock clock,
            FileOpener opener) {
        if (maxInFlightFiles < 1) {
            throw new IllegalArgumentException("maxInFlightFiles must be at least 1, not " + maxInFlightFiles);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.reader = new ObjectReader(store);
        this.executor = Objects.requireNonNull(executor, "executor");
        this.maxInFlightFiles = maxInFlightFiles;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** Takes the snapshot; see the class contract. */
    public SnapshotResult snapshot(SnapshotRequest request) {
        Instant start = clock.instant();
        SnapshotManifest parent = request.parent();
        String parentId = parent == null ? null : parent.id();
        LOG.info("snapshot of volume {} from {} starting{}", request.volume(), request.root(),
                parent == null ? " (full)" : " (incremental against " + parentId + ")");
        ContentStats before = store.stats();
        SnapshotRun run = new SnapshotRun(writer, reader, mapper, executor, maxInFlightFiles, opener, parentId,
                parent == null ? null : parent.time());
        TreeEntry root = run.run(request.root(), parent == null ? null : parent.root());
        store.flush();
        SnapshotStats stats = run.stats(minus(store.stats(), before));
        SnapshotManifest manifest = new SnapshotManifest(newId(), request.volume(), request.backupName(), start, root,
                stats, parentId, request.tags(), System.getenv("HOSTNAME"),
                request.root().toAbsolutePath().normalize().toString());
        LOG.info("snapshot {} of volume {} done: {} files ({} unchanged), {} dirs, {} bytes read, {} new bytes, "
                + "{} warnings, {} errors", manifest.id(), request.volume(), stats.files(), stats.filesUnchanged(),
                stats.dirs(), stats.bytesRead(), stats.content().newBytes(), stats.warnings(), stats.errors());
        return new SnapshotResult(manifest, run.warnings(), run.errors());
    }

    private String newId() {
        return newId(random);
    }

    /** A new snapshot's id: 16 random bytes in hex. */
    static String newId(SecureRandom random) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** What a snapshot added to the content store: the store's counters after it, less before. */
    static ContentStats minus(ContentStats after, ContentStats before) {
        return new ContentStats(after.chunks() - before.chunks(), after.newChunks() - before.newChunks(),
                after.bytes() - before.bytes(), after.newBytes() - before.newBytes(),
                after.storedBytes() - before.storedBytes());
    }
}
